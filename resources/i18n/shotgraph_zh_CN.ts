<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AudioInputDialog</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="647"/>
        <source>Audio input</source>
        <translation>音频输入</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="649"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="654"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="657"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="658"/>
        <source>Count-in</source>
        <translation>倒数</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="660"/>
        <source>No microphone is connected right now.</source>
        <translation>当前没有连接麦克风。</translation>
    </message>
</context>
<context>
    <name>BudgetBox</name>
    <message>
        <location filename="../../app/ui/costs.py" line="49"/>
        <source>Budget </source>
        <translation>预算 </translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="51"/>
        <source>No budget</source>
        <translation>不设预算</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="53"/>
        <source>Stop a run before its paid provider calls would cost more than this (estimates from the price table). 0 = no budget.</source>
        <translation>在付费服务调用的花费将超过此金额前停止运行（按价格表估算）。0 = 不设预算。</translation>
    </message>
</context>
<context>
    <name>CanvasBridge</name>
    <message>
        <location filename="../../app/ui/canvas.py" line="162"/>
        <source> (optional)</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="748"/>
        <location filename="../../app/ui/canvas.py" line="1050"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="1049"/>
        <source>Run to here</source>
        <translation>运行到此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="1052"/>
        <source>Add node</source>
        <translation>添加节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="1062"/>
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="1065"/>
        <source>Fit graph to view</source>
        <translation>适应窗口显示全部节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="1088"/>
        <source>Cannot import: %s</source>
        <translation>无法导入：%s</translation>
    </message>
</context>
<context>
    <name>Caption</name>
    <message>
        <location filename="../../app/ui/caption.py" line="29"/>
        <source>static</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="30"/>
        <source>push in</source>
        <translation>推近</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="31"/>
        <source>pull out</source>
        <translation>拉远</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="32"/>
        <source>pan left</source>
        <translation>左摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="33"/>
        <source>pan right</source>
        <translation>右摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="34"/>
        <source>tilt up</source>
        <translation>上摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="35"/>
        <source>tilt down</source>
        <translation>下摇</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../app/ui/takes.py" line="313"/>
        <source>Compare takes: %s, shot %d</source>
        <translation>比较版本：%s，镜头 %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="320"/>
        <source>Use left</source>
        <translation>使用左侧</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="321"/>
        <source>Use right</source>
        <translation>使用右侧</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="322"/>
        <source>These two takes are the same picture.</source>
        <translation>这两个版本是同一张画面。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="330"/>
        <source>take %d</source>
        <translation>版本 %d</translation>
    </message>
</context>
<context>
    <name>CompareSide</name>
    <message>
        <location filename="../../app/ui/takes.py" line="296"/>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="299"/>
        <source>clip, %.1f s (a frame is shown)</source>
        <translation>片段，%.1f 秒（显示一帧）</translation>
    </message>
</context>
<context>
    <name>CostsPane</name>
    <message>
        <location filename="../../app/ui/costs.py" line="74"/>
        <location filename="../../app/ui/costs.py" line="79"/>
        <source>Provider</source>
        <translation>服务提供方</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="74"/>
        <location filename="../../app/ui/costs.py" line="79"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="74"/>
        <source>Capability</source>
        <translation>能力</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="74"/>
        <location filename="../../app/ui/costs.py" line="79"/>
        <source>Calls</source>
        <translation>调用次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="75"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="75"/>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="75"/>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="79"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="80"/>
        <source>Cost (estimate)</source>
        <translation>费用（估算）</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="122"/>
        <source>Next run: cannot estimate (%s)</source>
        <translation>下次运行：无法估算（%s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="129"/>
        <location filename="../../app/ui/costs.py" line="181"/>
        <location filename="../../app/ui/costs.py" line="184"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="135"/>
        <source>%s + unknown</source>
        <translation>%s + 未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="137"/>
        <location filename="../../app/ui/costs.py" line="150"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="140"/>
        <source>Next run (estimate): %s</source>
        <translation>下次运行（估算）：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="141"/>
        <source>Next run: no provider calls</source>
        <translation>下次运行：没有服务调用</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="154"/>
        <source>Spent so far in this episode: %s in %d runs</source>
        <translation>本集已花费：%s，共 %d 次运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="163"/>
        <source>%s (%d items)</source>
        <translation>%s（%d 项）</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="168"/>
        <source>Stopped by the budget of %s: spent %s; left to run: %s. What ran is kept; raise the budget and run again to continue.</source>
        <translation>已按预算 %s 停止：已花费 %s；尚未运行：%s。已完成的部分都会保留；提高预算后再次运行即可继续。</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="171"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>CutDesk</name>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="82"/>
        <source>The cut could not be made: see the log.</source>
        <translation>成片没有生成：请查看日志。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="96"/>
        <source>Wait for the run to finish.</source>
        <translation>请等待运行结束。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="109"/>
        <source>Writing the timeline…</source>
        <translation>正在写出时间线…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="109"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="111"/>
        <location filename="../../app/ui/cutdesk.py" line="130"/>
        <location filename="../../app/ui/cutdesk.py" line="142"/>
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="126"/>
        <source>Timeline written: %s (%d shots, %.1f s).
Its media and a README on how to open it are in %s</source>
        <translation>时间线已写出：%s（%d 个镜头，%.1f 秒）。
素材和打开方法说明（README）在 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="132"/>
        <source>Show folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="141"/>
        <source>Export timeline failed: %s</source>
        <translation>导出时间线失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="180"/>
        <source>Recording needs a Voice node wired into the Edit &amp; Export node.</source>
        <translation>录音需要一个连到“剪辑与导出”节点的配音节点。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="213"/>
        <source>Shot %d now uses your recording (take %d); Run re-mixes the sound only.</source>
        <translation>第 %d 个镜头现在使用你的录音（第 %d 条）；运行时只重新混音。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="245"/>
        <source>%s is now shot %d&apos;s own footage; Run re-makes only that shot.</source>
        <translation>%s 现在是第 %d 个镜头的自有素材；运行时只重新生成这个镜头。</translation>
    </message>
</context>
<context>
    <name>CutPlayer</name>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="68"/>
        <location filename="../../app/ui/cutplayer.py" line="202"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="73"/>
        <source>Back to the start</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="108"/>
        <source>Play makes the cut (the episode) first.</source>
        <translation>播放前会先生成成片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="110"/>
        <source>The cut has changed: Play makes it again (only the changed shots are re-encoded).</source>
        <translation>剪辑已改动：播放时会重新生成（只重新编码改动过的镜头）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="202"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>DeviceInput</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="215"/>
        <source>No microphone found: connect one, or pick it in Settings &gt; Audio input.</source>
        <translation>没有找到麦克风：请连接一个，或在“设置 &gt; 音频输入”中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="228"/>
        <source>%s would not start recording.</source>
        <translation>%s 无法开始录音。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/export.py" line="39"/>
        <source>Export episode</source>
        <translation>导出剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="47"/>
        <source>Exporting to %s</source>
        <translation>正在导出到 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="49"/>
        <source>Getting ready…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="56"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="57"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="58"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="74"/>
        <source>Making %s (%d of %d to make)</source>
        <translation>正在生成 %s（需生成 %d 项，共 %d 项）</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="80"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="104"/>
        <source>Shot %s of %s</source>
        <translation>第 %s 个镜头，共 %s 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="106"/>
        <source>Mixing the voices and music</source>
        <translation>正在混合配音和音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="107"/>
        <source>Joining the shots</source>
        <translation>正在拼接镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="108"/>
        <source>Writing the file</source>
        <translation>正在写入文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="109"/>
        <location filename="../../app/ui/export.py" line="110"/>
        <source>Adding the AI labels</source>
        <translation>正在添加 AI 标识</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="123"/>
        <source>, %.1f s</source>
        <translation>，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="124"/>
        <source>Exported %s (%.1f MB%s)</source>
        <translation>已导出 %s（%.1f MB%s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="127"/>
        <source>— a draft: set Quality to final in Edit &amp; Export before you upload it</source>
        <translation>——这是草稿：上传前请在“剪辑与导出”中把质量设为成片</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="128"/>
        <source>Done: %s</source>
        <translation>完成：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="132"/>
        <source>The export did not finish</source>
        <translation>导出未完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="137"/>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="138"/>
        <source>Nothing was written to %s.</source>
        <translation>没有向 %s 写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="156"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>FileEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="262"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="267"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>FindCopiesDialog</name>
    <message>
        <location filename="../../app/ui/copies.py" line="119"/>
        <source>Find copies</source>
        <translation>查找复制件</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="121"/>
        <source>Choose a video to compare with this project.</source>
        <translation>选择一个视频与本项目比对。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="122"/>
        <source>Choose video…</source>
        <translation>选择视频…</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="129"/>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139"/>
        <source>Evidence</source>
        <translation>证据类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139"/>
        <source>Episode</source>
        <translation>剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139"/>
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139"/>
        <source>In the video</source>
        <translation>在视频中</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="140"/>
        <source>In the original</source>
        <translation>在原作中</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="140"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="140"/>
        <source>Score</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="150"/>
        <source>Blue: the picture matches. Orange: the sound matches.</source>
        <translation>蓝色：画面匹配。橙色：声音匹配。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="163"/>
        <source>Video to compare</source>
        <translation>要比对的视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="175"/>
        <source>Comparing…</source>
        <translation>正在比对…</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="190"/>
        <source>This project has no fingerprints yet: export the episode first.</source>
        <translation>本项目还没有指纹登记：请先导出剧集。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="201"/>
        <source>%1 shots match on picture, %2 on sound.</source>
        <translation>画面匹配 %1 个镜头，声音匹配 %2 个镜头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="208"/>
        <source>picture</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="208"/>
        <source>sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="218"/>
        <source>Save evidence report</source>
        <translation>保存证据报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="231"/>
        <source>The report could not be saved: %1</source>
        <translation>报告无法保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="234"/>
        <source>Report saved to %1</source>
        <translation>报告已保存到 %1</translation>
    </message>
</context>
<context>
    <name>FirstLook</name>
    <message>
        <location filename="../../app/ui/session.py" line="96"/>
        <source>The project is still opening; try again in a moment.</source>
        <translation>项目仍在打开，请稍候再试。</translation>
    </message>
</context>
<context>
    <name>FootageDialog</name>
    <message>
        <location filename="../../app/ui/footage.py" line="58"/>
        <source>clip</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="58"/>
        <source>still</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="59"/>
        <source>Use as shot %d&apos;s %s</source>
        <translation>用作第 %d 个镜头的%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="61"/>
        <source>&lt;b&gt;%s&lt;/b&gt; becomes shot %d&apos;s %s.</source>
        <translation>&lt;b&gt;%s&lt;/b&gt; 将成为第 %d 个镜头的%s。</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="69"/>
        <source>Pad (show it all, bars around)</source>
        <translation>留边（完整显示，四周加黑边）</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="70"/>
        <source>Crop (fill the 9:16 frame)</source>
        <translation>裁切（铺满 9:16 画面）</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="72"/>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="73"/>
        <source>Keep (ducked under the lines)</source>
        <translation>保留（台词时自动压低）</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="74"/>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="77"/>
        <source>Its sound</source>
        <translation>原声</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="107"/>
        <source>%.1f s</source>
        <translation>%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="110"/>
        <source>with sound</source>
        <translation>有声音</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="110"/>
        <source>no sound</source>
        <translation>无声音</translation>
    </message>
</context>
<context>
    <name>JsonEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="113"/>
        <source>not valid JSON: %s</source>
        <translation>不是有效的 JSON：%s</translation>
    </message>
</context>
<context>
    <name>LineTakes</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="617"/>
        <source>your recording</source>
        <translation>你的录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="617"/>
        <source>generated</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="618"/>
        <source>Take %d · %s</source>
        <translation>第 %d 条 · %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="622"/>
        <source> (made at the next run)</source>
        <translation>（下次运行时生成）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="123"/>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="125"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="126"/>
        <source>Storyboard</source>
        <translation>故事板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="128"/>
        <source>Runs / Log</source>
        <translation>运行 / 日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="241"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="242"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="245"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="251"/>
        <source>Provider defaults…</source>
        <translation>服务提供方默认设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="167"/>
        <location filename="../../app/ui/window.py" line="255"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="553"/>
        <source>Undo %s</source>
        <translation>撤销 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="185"/>
        <location filename="../../app/ui/window.py" line="553"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="556"/>
        <source>Redo %s</source>
        <translation>重做 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="186"/>
        <location filename="../../app/ui/window.py" line="556"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="124"/>
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="127"/>
        <location filename="../../app/ui/window.py" line="643"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="129"/>
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="130"/>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="131"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="132"/>
        <source>Player</source>
        <translation>播放器</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="168"/>
        <source>Run selected</source>
        <translation>运行所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="169"/>
        <source>Run to here</source>
        <translation>运行到此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="170"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="172"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="173"/>
        <source>Add node…</source>
        <translation>添加节点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="176"/>
        <source>Find a node to add (Tab or double-click on the canvas; or drag one from the Nodes list)</source>
        <translation>查找要添加的节点（在画布上按 Tab 或双击；也可以从“节点”列表拖入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="178"/>
        <source>Fit graph to view</source>
        <translation>适应窗口显示全部节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="181"/>
        <source>Minimap</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="190"/>
        <source>Previous take</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="192"/>
        <source>Next take</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="196"/>
        <source>%s of the selected shot (%s or %s)</source>
        <translation>所选镜头的%s（%s 或 %s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="198"/>
        <source>Compare takes…</source>
        <translation>比较版本…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="201"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="203"/>
        <source>New from template…</source>
        <translation>从模板新建…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="205"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="206"/>
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="208"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="210"/>
        <source>Export timeline…</source>
        <translation>导出时间线…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="212"/>
        <source>Find copies…</source>
        <translation>查找复制件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="213"/>
        <source>Open series…</source>
        <translation>打开剧集…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="215"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="216"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="224"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="233"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="252"/>
        <source>Audio input…</source>
        <translation>音频输入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="438"/>
        <source>Stop the run?</source>
        <translation>停止运行？</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="439"/>
        <source>A run is going. Stop it first? What it made so far is kept.</source>
        <translation>正在运行。要先停止吗？已经生成的内容都会保留。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="442"/>
        <source>Stop the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="443"/>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="534"/>
        <source>Not saved yet, retrying: %s</source>
        <translation>尚未保存，正在重试：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="545"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="621"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="655"/>
        <source>Run %s</source>
        <translation>运行 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="714"/>
        <source>%d problems: see Problems (click one to select its node)</source>
        <translation>%d 个问题：请查看“问题”（点击一项即可选中对应节点）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="735"/>
        <source>Using take %d; Run re-makes only what depends on it</source>
        <translation>正在使用版本 %d；运行时只重新生成依赖它的部分</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="743"/>
        <source>Select a shot with two takes or more to compare them.</source>
        <translation>请选择一个至少有两个版本的镜头来比较。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="757"/>
        <source>Export episode</source>
        <translation>导出剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="771"/>
        <source>This graph has no episode output to export.</source>
        <translation>此节点图没有可导出的剧集输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="781"/>
        <source>A run is already going: export when it ends.</source>
        <translation>已有运行在进行中：请在它结束后再导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="792"/>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="795"/>
        <source>The episode could not be made: see Problems.</source>
        <translation>无法生成剧集：请查看“问题”列表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="796"/>
        <source>Export stopped: the run did not finish.</source>
        <translation>导出已停止：运行未完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="816"/>
        <location filename="../../app/ui/window.py" line="817"/>
        <source>Export failed: %s</source>
        <translation>导出失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="820"/>
        <source>Exported %s</source>
        <translation>已导出 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="839"/>
        <location filename="../../app/ui/window.py" line="857"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="839"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="844"/>
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="860"/>
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="872"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="877"/>
        <source>Open series folder</source>
        <translation>打开剧集文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="888"/>
        <source>Open series</source>
        <translation>打开剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="900"/>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="908"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="908"/>
        <source>%s already exists.</source>
        <translation>%s 已存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="924"/>
        <source>The language changes when this run ends.</source>
        <translation>语言会在这次运行结束后切换。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="969"/>
        <source>Provider defaults</source>
        <translation>服务提供方默认设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="971"/>
        <source>Each node picks its provider in the Properties pane. API keys are never stored in projects: they live in the system keyring (or in SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY environment variables).</source>
        <translation>每个节点在“属性”面板中选择自己的服务提供方。API 密钥从不保存在项目中：它们存放在系统钥匙串中（或环境变量 SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY 中）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="984"/>
        <source>stale</source>
        <translation>待更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="985"/>
        <source>blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="986"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="987"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="988"/>
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="989"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="990"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="991"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>Minimap</name>
    <message>
        <location filename="../../app/ui/minimap.py" line="35"/>
        <source>The whole graph: click or drag to move the view</source>
        <translation>整个节点图：点击或拖动即可移动视图</translation>
    </message>
</context>
<context>
    <name>NodeLibrary</name>
    <message>
        <location filename="../../app/ui/palette.py" line="136"/>
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="141"/>
        <source>Drag a node onto the canvas, or double-click to add it</source>
        <translation>把节点拖到画布上，或双击添加</translation>
    </message>
</context>
<context>
    <name>NodePalette</name>
    <message>
        <location filename="../../app/ui/palette.py" line="67"/>
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
</context>
<context>
    <name>OutsideFilesQuestion</name>
    <message>
        <location filename="../../app/ui/outside_files.py" line="24"/>
        <location filename="../../app/ui/outside_files.py" line="47"/>
        <source>Files outside the project</source>
        <translation>项目之外的文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="25"/>
        <source>This project&apos;s imports point outside its folder:</source>
        <translation>此项目的导入文件指向项目文件夹之外：</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="28"/>
        <source>A project made by someone else could read your own files this way. Copy them into the project (recommended), allow reading them this time, or leave them unread: those nodes will fail until you choose the files again.</source>
        <translation>别人制作的项目可能借此读取你自己的文件。可以把它们复制到项目中（推荐），允许本次读取，或者不读取：在重新选择这些文件之前，相关节点会运行失败。</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="31"/>
        <source>Copy into the project</source>
        <translation>复制到项目中</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="33"/>
        <source>Allow this time</source>
        <translation>本次允许</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="34"/>
        <source>Don&apos;t read them</source>
        <translation>不读取</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="43"/>
        <source>… and %1 more</source>
        <translation>…… 以及另外 %1 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/outside_files.py" line="48"/>
        <source>These files could not be found and were left as they are:</source>
        <translation>找不到以下文件，已保持原样：</translation>
    </message>
</context>
<context>
    <name>PlayerView</name>
    <message>
        <location filename="../../app/ui/preview.py" line="175"/>
        <location filename="../../app/ui/preview.py" line="240"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="177"/>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="240"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../app/ui/preview.py" line="364"/>
        <source>Select a node or a shot to preview it.</source>
        <translation>选择一个节点或镜头进行预览。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="442"/>
        <source>This node has no output.</source>
        <translation>此节点没有输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="453"/>
        <source>Not made yet: run the graph to see this output.</source>
        <translation>尚未生成：运行节点图即可查看此输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="459"/>
        <source>Made before the last change: Run brings it up to date.</source>
        <translation>这是上次修改之前生成的结果：运行后会更新。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="500"/>
        <source>(not made yet)</source>
        <translation>（尚未生成）</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="555"/>
        <source>Shot %d</source>
        <translation>镜头 %d</translation>
    </message>
</context>
<context>
    <name>ProblemsPane</name>
    <message>
        <location filename="../../app/ui/problems.py" line="21"/>
        <source>No problems: every node can run.</source>
        <translation>没有问题：所有节点都可以运行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/problems.py" line="35"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/problems.py" line="35"/>
        <source>cannot run</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/problems.py" line="38"/>
        <source>Click to select %s on the canvas</source>
        <translation>点击以在画布上选中 %s</translation>
    </message>
</context>
<context>
    <name>PropertiesPane</name>
    <message>
        <location filename="../../app/ui/properties.py" line="351"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="414"/>
        <source>Select a node to see its settings.</source>
        <translation>选择一个节点以查看其设置。</translation>
    </message>
</context>
<context>
    <name>ProviderEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="220"/>
        <source>Pick a provider, or type a fallback chain tried in order, e.g. %s</source>
        <translation>选择一个服务提供方，或输入按顺序尝试的备用链，例如 %s</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="378"/>
        <source>Record a line</source>
        <translation>录制台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="405"/>
        <source>Record</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="406"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="407"/>
        <source>Play back</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="408"/>
        <source>Re-take</source>
        <translation>重录</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="409"/>
        <source>Use this take</source>
        <translation>使用这一条</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="410"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="426"/>
        <source>Level</source>
        <translation>电平</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="434"/>
        <source>Takes of this line (double-click to use one)</source>
        <translation>这句台词的所有录音（双击使用）</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="470"/>
        <source>● Recording</source>
        <translation>● 正在录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="479"/>
        <source>Recording: %.1f s</source>
        <translation>录音中：%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="502"/>
        <source>Nothing was heard: check the input level and record again.</source>
        <translation>没有录到声音：请检查输入电平后重录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="512"/>
        <source>Take: %.1f s, level %.0f dBFS (peak %.0f dBFS)</source>
        <translation>本条：%.1f 秒，电平 %.0f dBFS（峰值 %.0f dBFS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="537"/>
        <source>Kept as a take of this line. Record another, or close.</source>
        <translation>已保存为这句台词的一条录音。可以再录一条，或关闭。</translation>
    </message>
</context>
<context>
    <name>RunsPane</name>
    <message>
        <location filename="../../app/ui/runs.py" line="151"/>
        <source>Select node</source>
        <translation>选中节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="169"/>
        <source>%s: running %d of %d</source>
        <translation>%s：正在运行 %d / %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="171"/>
        <source>%s: from cache</source>
        <translation>%s：来自缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="173"/>
        <source>%s: done in %.1f s (%d ran, %d cached)</source>
        <translation>%s：完成，用时 %.1f 秒（运行 %d，缓存 %d）</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="180"/>
        <source>%s failed: %s</source>
        <translation>%s 失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="182"/>
        <source>Run %d %s</source>
        <translation>运行 %d %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="199"/>
        <source>Run %d: %s</source>
        <translation>运行 %d：%s</translation>
    </message>
</context>
<context>
    <name>ScriptTable</name>
    <message>
        <location filename="../../app/ui/preview.py" line="280"/>
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="281"/>
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="282"/>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="283"/>
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="284"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="317"/>
        <source>Duration must be a number of seconds</source>
        <translation>时长必须是秒数</translation>
    </message>
</context>
<context>
    <name>SeedEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="174"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="175"/>
        <source>New random seed</source>
        <translation>新的随机种子</translation>
    </message>
</context>
<context>
    <name>SeriesPane</name>
    <message>
        <location filename="../../app/ui/series.py" line="54"/>
        <source>Extra style words for every shot</source>
        <translation>每个镜头附加的风格词</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="57"/>
        <source>Open episode</source>
        <translation>打开这一集</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="60"/>
        <source>Apply cast and style to all episodes</source>
        <translation>把角色和风格应用到所有集</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="70"/>
        <source>Episode</source>
        <translation>集</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="70"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="70"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="71"/>
        <source>Cost so far</source>
        <translation>已花费</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="71"/>
        <source>Stale</source>
        <translation>需重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="83"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="83"/>
        <source>Name</source>
        <translation>名字</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="83"/>
        <source>Look</source>
        <translation>外貌</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="84"/>
        <source>Voice</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="98"/>
        <source>Cast (shared by every episode)</source>
        <translation>角色（所有集共用）</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="101"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="115"/>
        <source>Run the season: shotgraph series run {folder} (add --ray local, or --ray ADDRESS for a cluster)</source>
        <translation>运行整季：shotgraph series run {folder}（加 --ray local，或用 --ray 地址 在集群上运行）</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="118"/>
        <source>Without Ray (as in the desktop app) a season runs in one process: shotgraph series run {folder}. To run it on a Ray cluster, install ShotGraph from Python (see the README) and add --ray ADDRESS.</source>
        <translation>没有 Ray 时（例如桌面版），整季在一个进程内运行：shotgraph series run {folder}。要在 Ray 集群上运行，请用 Python 安装 ShotGraph（见 README），并加上 --ray 地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="138"/>
        <source>{number}. {title}</source>
        <translation>{number}. {title}</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="150"/>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="150"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="151"/>
        <source>stale</source>
        <translation>需重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="151"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="152"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="153"/>
        <source>stopped by the budget</source>
        <translation>因预算停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="167"/>
        <source>Series</source>
        <translation>剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="218"/>
        <source>Nothing changed: every episode already uses this cast and style.</source>
        <translation>没有变化：每一集已在使用这套角色和风格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="219"/>
        <source>Episode {number} now needs: {nodes}</source>
        <translation>第 {number} 集现在需要重做：{nodes}</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="220"/>
        <source>nothing new</source>
        <translation>无新内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/series.py" line="224"/>
        <source>Changed but nothing to re-run in episode {numbers}</source>
        <translation>已更改，但第 {numbers} 集无需重做</translation>
    </message>
</context>
<context>
    <name>ShotInspector</name>
    <message>
        <location filename="../../app/ui/inspector.py" line="27"/>
        <source>static</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="28"/>
        <source>push in</source>
        <translation>推镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="29"/>
        <source>pull out</source>
        <translation>拉镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="30"/>
        <source>pan left</source>
        <translation>左摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="31"/>
        <source>pan right</source>
        <translation>右摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="32"/>
        <source>tilt up</source>
        <translation>上仰</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="33"/>
        <source>tilt down</source>
        <translation>下俯</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="80"/>
        <source>(nobody)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="90"/>
        <source>Description</source>
        <translation>画面描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="91"/>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="93"/>
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="94"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="95"/>
        <source>Camera move</source>
        <translation>运镜</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="140"/>
        <source>Click a shot in the storyboard to edit it here.</source>
        <translation>在故事板中点击一个镜头，即可在这里编辑它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="157"/>
        <source>A change re-makes this shot&apos;s still, clip and voice on the next Run; the other shots come from the cache.</source>
        <translation>修改后，下次运行会重新生成这个镜头的画面、视频和配音；其他镜头直接使用缓存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="189"/>
        <source>Shot %d</source>
        <translation>镜头 %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="208"/>
        <source>Pick a speaker for the line first.</source>
        <translation>请先为这句台词选择说话人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="210"/>
        <source>A line needs a speaker: clear the line first.</source>
        <translation>有台词就需要说话人：请先清空台词。</translation>
    </message>
</context>
<context>
    <name>ShotView</name>
    <message>
        <location filename="../../app/ui/shotview.py" line="87"/>
        <location filename="../../app/ui/shotview.py" line="236"/>
        <location filename="../../app/ui/shotview.py" line="243"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="90"/>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="186"/>
        <source>The picture was made before the last change; Run re-makes it.</source>
        <translation>画面是上次修改之前生成的；运行后会重新生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="188"/>
        <source>The voice was made before the last change.</source>
        <translation>配音是上次修改之前生成的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="190"/>
        <source>No picture yet: run the graph to make it.</source>
        <translation>还没有画面：运行节点图即可生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="229"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>StoryboardPane</name>
    <message>
        <location filename="../../app/ui/storyboard.py" line="336"/>
        <source>Regenerate shot</source>
        <translation>重新生成镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="400"/>
        <source>%d shots, %.1f s</source>
        <translation>%d 个镜头，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="401"/>
        <source>Run the script to see the shots here.</source>
        <translation>运行剧本后，镜头会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="403"/>
        <source>%d to re-make (dimmed)</source>
        <translation>%d 个待重新生成（变暗显示）</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="425"/>
        <source>Dimmed: made before the last change; Run re-makes it.</source>
        <translation>变暗：这是上次修改之前生成的；运行后会重新生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="432"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="436"/>
        <source>stale</source>
        <translation>待更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="580"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="581"/>
        <source>Edit line</source>
        <translation>编辑台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="582"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
</context>
<context>
    <name>SubtitleDialog</name>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="53"/>
        <source>Subtitles of shot %d</source>
        <translation>第 %d 个镜头的字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="54"/>
        <source>Spoken line: %s</source>
        <translation>台词：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="54"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="56"/>
        <source>Times are seconds from the start of the shot (it lasts %.1f s); leave them empty to follow the spoken line.</source>
        <translation>时间为从镜头开始算起的秒数（镜头长 %.1f 秒）；留空则跟随台词。</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="61"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="61"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="61"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="75"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="76"/>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="77"/>
        <source>Cut the selected subtitle in two, at the word nearest its middle</source>
        <translation>在最靠近中间的词处把选中的字幕一分为二</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="78"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="79"/>
        <source>Back to the line</source>
        <translation>恢复为台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="129"/>
        <source>Subtitle %d: %r is not a number of seconds</source>
        <translation>第 %d 条字幕：%r 不是秒数</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="144"/>
        <source>Subtitle %d: %s</source>
        <translation>第 %d 条字幕：%s</translation>
    </message>
</context>
<context>
    <name>TakeStrip</name>
    <message>
        <location filename="../../app/ui/takes.py" line="156"/>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="157"/>
        <source>Show two takes of this shot side by side</source>
        <translation>并排显示此镜头的两个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="188"/>
        <source>Click a take to use it. %s / %s (or Alt+Left / Alt+Right) step through them.</source>
        <translation>点击一个版本即可使用。%s / %s（或 Alt+左 / Alt+右）可逐个切换。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="213"/>
        <source>take %d</source>
        <translation>版本 %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="223"/>
        <source>In use. </source>
        <translation>使用中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="226"/>
        <source>Not made yet: run the graph.</source>
        <translation>尚未生成：请运行节点图。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="233"/>
        <source>Takes: select a shot after a run.</source>
        <translation>版本：运行后选择一个镜头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="237"/>
        <source>%s, shot %d: %d takes, take %d in use</source>
        <translation>%s，镜头 %d：共 %d 个版本，正在使用版本 %d</translation>
    </message>
</context>
<context>
    <name>Teleprompter</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="328"/>
        <source>Shot %d of %d</source>
        <translation>第 %d 个镜头，共 %d 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="330"/>
        <source>(this shot has no line)</source>
        <translation>（这个镜头没有台词）</translation>
    </message>
</context>
<context>
    <name>TimelineExport</name>
    <message>
        <location filename="../../app/ui/handoff.py" line="153"/>
        <source>Stopped: nothing was written.</source>
        <translation>已停止：没有写出任何文件。</translation>
    </message>
</context>
<context>
    <name>TimelineExportDialog</name>
    <message>
        <location filename="../../app/ui/handoff.py" line="54"/>
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="58"/>
        <source>JianYing draft (剪映专业版)</source>
        <translation>剪映草稿（剪映专业版）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="59"/>
        <source>CapCut draft</source>
        <translation>CapCut 草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="60"/>
        <source>OpenTimelineIO (DaVinci Resolve, Premiere Pro)</source>
        <translation>OpenTimelineIO（DaVinci Resolve、Premiere Pro）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="61"/>
        <source>FCPXML (Final Cut Pro, DaVinci Resolve)</source>
        <translation>FCPXML（Final Cut Pro、DaVinci Resolve）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="66"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="73"/>
        <source>Editor</source>
        <translation>剪辑软件</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="74"/>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="93"/>
        <source>A new folder with the draft, its media and a README on how to open it.</source>
        <translation>新建一个文件夹，内含草稿、素材和打开方法说明（README）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="95"/>
        <source>The timeline file, with its media and a README in the same folder.</source>
        <translation>时间线文件，素材和说明（README）放在同一文件夹中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="101"/>
        <source>Folder for the draft</source>
        <translation>草稿所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="106"/>
        <source>Timeline file</source>
        <translation>时间线文件</translation>
    </message>
</context>
<context>
    <name>TimelinePane</name>
    <message>
        <location filename="../../app/ui/timeline.py" line="784"/>
        <location filename="../../app/ui/timeline.py" line="870"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="789"/>
        <location filename="../../app/ui/timeline.py" line="792"/>
        <source> dB</source>
        <translation> dB</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="790"/>
        <source>Music level</source>
        <translation>音乐音量</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="793"/>
        <source>How far the music dips under a line</source>
        <translation>台词时音乐压低多少</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="794"/>
        <source>Record line…</source>
        <translation>录制台词…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="804"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="806"/>
        <source>Ducking</source>
        <translation>人声避让</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="846"/>
        <source>%d shots, %.1f s</source>
        <translation>%d 个镜头，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="847"/>
        <source>Run the script to lay the shots out here.</source>
        <translation>运行剧本后，镜头会排在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="870"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="950"/>
        <source>Cut</source>
        <translation>硬切</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="950"/>
        <source>Crossfade</source>
        <translation>叠化</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="951"/>
        <source>Fade through black</source>
        <translation>黑场过渡</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="951"/>
        <source>Flash</source>
        <translation>闪白</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="971"/>
        <source>Record this line…</source>
        <translation>录制这句台词…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="974"/>
        <source>Transition to the next shot</source>
        <translation>到下一个镜头的转场</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/runs.py" line="80"/>
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="509"/>
        <source>%.1f s</source>
        <translation>%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="514"/>
        <source>starts %.2f s into the clip</source>
        <translation>从视频第 %.2f 秒开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="602"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="602"/>
        <source>Voices</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="603"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="603"/>
        <source>Subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="713"/>
        <source>Music %+.0f dB</source>
        <translation>音乐 %+.0f dB</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="715"/>
        <source>, ducked %+.0f dB under lines</source>
        <translation>，台词时压低 %+.0f dB</translation>
    </message>
</context>
<context>
    <name>nodes</name>
    <message>
        <location filename="../../app/ui/node_strings.py" line="11"/>
        <source>0 = the mood&apos;s own tempo</source>
        <translation>0 = 使用该情绪自带的速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="12"/>
        <source>0 = the script&apos;s length + 1 s (46 s without a script)</source>
        <translation>0 = 剧本时长 + 1 秒（没有剧本时为 46 秒）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="13"/>
        <source>A piece of text typed in, e.g. a premise or a line.</source>
        <translation>手动输入的一段文字，例如故事梗概或一句台词。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="14"/>
        <source>AI label</source>
        <translation>AI 标识</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="15"/>
        <source>Animatic</source>
        <translation>动态分镜</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="16"/>
        <source>Brings in a PNG, JPEG, WebP, BMP or TIFF image.</source>
        <translation>导入一张 PNG、JPEG、WebP、BMP 或 TIFF 图片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="17"/>
        <source>Brings in a video clip (MP4, MOV, MKV, WebM…), up to 10 minutes.</source>
        <translation>导入一段视频（MP4、MOV、MKV、WebM…），最长 10 分钟。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="18"/>
        <source>Brings in any audio ffmpeg reads (WAV, MP3, M4A, FLAC…), up to 30 minutes.</source>
        <translation>导入 ffmpeg 能读取的任意音频（WAV、MP3、M4A、FLAC…），最长 30 分钟。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="19"/>
        <source>C2PA</source>
        <translation>C2PA 签名</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="20"/>
        <source>Candidates</source>
        <translation>候选数</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="21"/>
        <source>Cast</source>
        <translation>角色表</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="22"/>
        <source>Character bible</source>
        <translation>角色设定集</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="23"/>
        <source>Characters</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="24"/>
        <source>Clip</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="25"/>
        <source>Clips</source>
        <translation>视频片段</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="26"/>
        <source>Colour weight</source>
        <translation>颜色权重</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="27"/>
        <source>Compares each character in each still with their reference image (colour histogram and perceptual hash) and flags off-model shots in the storyboard.</source>
        <translation>把每个画面中的每个角色与其参考图比较（颜色直方图和感知哈希），并在故事板中标出走样的镜头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="28"/>
        <source>Composes a score from mood and tempo (offline: chords, bass and drums).</source>
        <translation>根据情绪和速度作配乐（离线：和弦、贝斯和鼓）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="29"/>
        <source>Consistency</source>
        <translation>一致性</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="30"/>
        <source>Consistency check</source>
        <translation>一致性检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="31"/>
        <source>Crossfade (s)</source>
        <translation>交叉淡化（秒）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="32"/>
        <source>Cuts</source>
        <translation>剪辑点</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="33"/>
        <source>Cuts the clips together in shot order with burned-in subtitles, lays the voices over ducked music at -14 LUFS, and exports a 1080x1920 H.264/AAC MP4 with an SRT.</source>
        <translation>按镜头顺序剪辑视频片段并烧录字幕，把配音叠在自动压低的音乐上（-14 LUFS），导出 1080x1920 H.264/AAC 的 MP4 和 SRT 字幕。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="34"/>
        <source>Duck (dB)</source>
        <translation>人声避让压低（dB）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="35"/>
        <source>Edit &amp; Export</source>
        <translation>剪辑与导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="36"/>
        <source>Encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="37"/>
        <source>Extra</source>
        <translation>补充描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="38"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="39"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="40"/>
        <source>Genre</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="41"/>
        <source>Image</source>
        <translation>画面生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="42"/>
        <source>Import audio</source>
        <translation>导入音频</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="43"/>
        <source>Import image</source>
        <translation>导入图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="44"/>
        <source>Import video</source>
        <translation>导入视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="45"/>
        <source>Key</source>
        <translation>调性</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="46"/>
        <source>Label off reason</source>
        <translation>关闭标识的原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="47"/>
        <source>Label position</source>
        <translation>标识位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="48"/>
        <source>Label seconds</source>
        <translation>标识显示秒数</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="49"/>
        <source>Label text</source>
        <translation>标识文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="50"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="51"/>
        <source>Length (s)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="53"/>
        <source>Loudness (LUFS)</source>
        <translation>响度（LUFS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="54"/>
        <source>Makes a 1080x1920 still for each shot (offline: a storyboard frame).</source>
        <translation>为每个镜头生成一张 1080x1920 的画面（离线：故事板草图）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="56"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="57"/>
        <source>Mood</source>
        <translation>情绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="58"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="59"/>
        <source>Music file</source>
        <translation>音乐文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="60"/>
        <source>Music volume (dB)</source>
        <translation>音乐音量（dB）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="61"/>
        <source>Names, looks, voices and reference images of the characters; wire it into Shots so every still, clip and voice uses them.</source>
        <translation>角色的名字、外貌、声音和参考图；连到“镜头”节点后，每个画面、视频和配音都会使用它们。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="62"/>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="63"/>
        <source>Overrides</source>
        <translation>手动修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="64"/>
        <source>Own</source>
        <translation>自有素材</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="65"/>
        <source>Premise</source>
        <translation>故事梗概</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="66"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="68"/>
        <source>Private prompts</source>
        <translation>不公开提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="69"/>
        <source>Prompt template</source>
        <translation>提示词模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="70"/>
        <source>Provider</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="72"/>
        <source>Recorded voice</source>
        <translation>录制的配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="73"/>
        <source>Recordings</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="74"/>
        <source>Script</source>
        <translation>剧本</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="75"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="76"/>
        <source>Shots</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="77"/>
        <source>Speaks each shot&apos;s line in the speaker&apos;s voice (offline: espeak-ng).</source>
        <translation>用说话人的声音念出每个镜头的台词（离线：espeak-ng）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="78"/>
        <source>Speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="79"/>
        <source>Splits a screenplay into shots; edit or reorder single shots here.</source>
        <translation>把剧本拆分成镜头；可在这里修改单个镜头或调整顺序。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="80"/>
        <source>Stills</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="81"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="82"/>
        <source>Subtitle edits</source>
        <translation>字幕修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="83"/>
        <source>Subtitle size</source>
        <translation>字幕大小</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="84"/>
        <source>Subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="85"/>
        <source>Takes made of a shot each time it runs; pick the best in the Storyboard.</source>
        <translation>每次运行为一个镜头生成的版本数；在故事板中挑选最好的一版。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="86"/>
        <source>Tempo (BPM)</source>
        <translation>速度（BPM）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="87"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="88"/>
        <source>The project-wide look (a preset plus your own words); wire it into Shots and every still and clip prompt uses it.</source>
        <translation>整个项目的画面风格（预设加上你自己的描述）；连到“镜头”节点后，每个画面和视频的提示词都会使用它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="89"/>
        <source>The story in a sentence or two, fed to a script writer.</source>
        <translation>用一两句话讲清故事，交给剧本生成使用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="90"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="91"/>
        <source>Tone</source>
        <translation>基调</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="92"/>
        <source>Transition</source>
        <translation>转场</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="93"/>
        <source>Turns each still into a clip of its shot&apos;s length with the shot&apos;s camera move (offline: a smooth Ken Burns pan/zoom).</source>
        <translation>按镜头时长和运镜把每个画面变成一段视频（离线：平滑的 Ken Burns 平移/缩放）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="94"/>
        <source>Uses your own music file (any audio ffmpeg reads, up to 30 minutes).</source>
        <translation>使用你自己的音乐文件（ffmpeg 能读取的任意音频，最长 30 分钟）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="95"/>
        <source>Uses your own recording of a line where you have one (a file per shot); the other lines are spoken by the speech provider.</source>
        <translation>有录音的台词使用你自己的录音（每个镜头一个文件）；其余台词由语音服务念出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="160"/>
        <source>shot id → recorded take (any audio file); lines without one are spoken</source>
        <translation>镜头 ID → 录音文件（任意音频）；没有录音的台词会自动念出</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="161"/>
        <source>shot id → the subtitles shown instead of its line (the script is kept)</source>
        <translation>镜头 ID → 代替台词显示的字幕（剧本保持不变）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="162"/>
        <source>shot id → trim, fit, own sound and the transition after it</source>
        <translation>镜头 ID → 裁剪、画面适配、原声以及其后的转场</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="163"/>
        <source>shot id → your own file for that shot (its content hash in the project&apos;s media store); that shot is not generated</source>
        <translation>镜头 ID → 该镜头使用你自己的文件（项目媒体库中的内容哈希）；该镜头不再生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="164"/>
        <source>shot id → {take number: recorded take (its media-store hash)}; pick a take in the storyboard like any other</source>
        <translation>镜头 ID → {版本号: 录音（媒体库哈希）}；像其他版本一样在故事板中挑选</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="96"/>
        <source>Voice</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="52"/>
        <source>Lip sync</source>
        <translation>口型同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="55"/>
        <source>Makes the speaker&apos;s mouth follow each shot&apos;s line (offline: the storyboard speaker&apos;s mouth opens with the line&apos;s loudness); shots without a line pass through.</source>
        <translation>让说话人的口型跟随每个镜头的台词（离线：分镜中说话人的嘴随台词音量开合）；没有台词的镜头原样通过。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="67"/>
        <source>Previously</source>
        <translation>前情</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="71"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="97"/>
        <source>Voices</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="98"/>
        <source>Writes a microdrama screenplay from a premise: hook, reversals, cliffhanger.</source>
        <translation>根据故事梗概写一部微短剧剧本：开场钩子、反转、结尾悬念。</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="99"/>
        <source>a series&apos; earlier episodes in order, one synopsis each (continuity)</source>
        <translation>剧集此前各集的梗概，按顺序每集一条（保持连贯）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="100"/>
        <source>anime</source>
        <translation>动漫</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="101"/>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="102"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="103"/>
        <source>auto = the script&apos;s prevailing mood (tense without a script)</source>
        <translation>自动 = 剧本的主要情绪（没有剧本时为紧张）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="104"/>
        <source>bottom-left</source>
        <translation>左下</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="105"/>
        <source>bottom-right</source>
        <translation>右下</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="106"/>
        <source>burn each line in as a subtitle</source>
        <translation>把每句台词烧录为字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="107"/>
        <source>burn each storyboard still&apos;s caption (shot, camera, action) in, fixed</source>
        <translation>把每张故事板画面的说明（镜头、运镜、动作）固定烧录进画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="108"/>
        <source>ceo</source>
        <translation>霸总</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="109"/>
        <source>character</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="110"/>
        <source>character id → voice, e.g. {&apos;lena&apos;: &apos;en-us+f2:60&apos;}; others are picked</source>
        <translation>角色 ID → 声音，例如 {&apos;lena&apos;: &apos;en-us+f2:60&apos;}；其他角色自动挑选</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="111"/>
        <source>characters</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="112"/>
        <source>check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="113"/>
        <source>checks</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="114"/>
        <source>cinematic</source>
        <translation>电影感</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="115"/>
        <source>clip</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="116"/>
        <source>clips</source>
        <translation>视频片段</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="117"/>
        <source>crossfade</source>
        <translation>交叉淡化</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="118"/>
        <source>cut</source>
        <translation>硬切</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="119"/>
        <source>documentary</source>
        <translation>纪实</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="120"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="121"/>
        <source>draft: the same 1080x1920 MP4 encoded about twice as fast, a bigger file, for a look at the cut (final: for upload)</source>
        <translation>草稿：同样的 1080x1920 MP4，编码快约一倍，文件更大，用来看剪辑效果（成片：用于上传）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="122"/>
        <source>e.g. &apos;A minor&apos;; empty = the mood&apos;s</source>
        <translation>例如 &apos;A minor&apos;；留空 = 使用该情绪的调性</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="123"/>
        <source>edit</source>
        <translation>剪辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="124"/>
        <source>en</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="125"/>
        <source>episode</source>
        <translation>成片</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="126"/>
        <source>episode loudness</source>
        <translation>成片响度</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="127"/>
        <source>fade_black</source>
        <translation>黑场过渡</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="128"/>
        <source>family</source>
        <translation>家庭</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="129"/>
        <source>final</source>
        <translation>成片</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="130"/>
        <source>flash</source>
        <translation>闪白</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="131"/>
        <source>glossy drama</source>
        <translation>精致剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="132"/>
        <source>how each clip&apos;s prompt is worded: {style}, {shot.action}, {shot.camera}, {shot.mood}, {character.name}, {character.look}, {characters}</source>
        <translation>每段视频提示词的写法：{style}、{shot.action}、{shot.camera}、{shot.mood}、{character.name}、{character.look}、{characters}</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="133"/>
        <source>how each shot&apos;s prompt is worded: {style}, {shot.action}, {shot.camera}, {shot.mood}, {character.name}, {character.look}, {characters}</source>
        <translation>每个镜头提示词的写法：{style}、{shot.action}、{shot.camera}、{shot.mood}、{character.name}、{character.look}、{characters}</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="134"/>
        <source>image</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="135"/>
        <source>io</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="136"/>
        <source>leave prompts and lines out of the provenance record</source>
        <translation>溯源记录中不写入提示词和台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="137"/>
        <source>libx264</source>
        <translation>libx264</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="138"/>
        <source>music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="139"/>
        <source>music (and clip sound) under a line, dB</source>
        <translation>台词期间音乐（及视频原声）压低的量，dB</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="140"/>
        <source>music level, dB</source>
        <translation>音乐音量，dB</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="141"/>
        <source>mysterious</source>
        <translation>神秘</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="142"/>
        <source>mystery</source>
        <translation>悬疑</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="143"/>
        <source>noir</source>
        <translation>黑色电影</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="144"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="145"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="146"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="147"/>
        <source>optional cast in order: {&apos;name&apos;, &apos;id&apos;, &apos;look&apos;, &apos;voice&apos;} each</source>
        <translation>可选的角色表，按顺序填写：每个角色 {&apos;name&apos;, &apos;id&apos;, &apos;look&apos;, &apos;voice&apos;}</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="148"/>
        <source>period drama</source>
        <translation>古装</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="149"/>
        <source>premise</source>
        <translation>故事梗概</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="150"/>
        <source>references</source>
        <translation>参考图</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="151"/>
        <source>revenge</source>
        <translation>复仇</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="152"/>
        <source>romance</source>
        <translation>爱情</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="153"/>
        <source>romantic</source>
        <translation>浪漫</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="154"/>
        <source>sad</source>
        <translation>悲伤</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="155"/>
        <source>scores below this mark a shot as off-model</source>
        <translation>得分低于此值的镜头标记为走样</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="156"/>
        <source>script</source>
        <translation>剧本</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="157"/>
        <source>share of the colour match in the score; the rest is the outline match</source>
        <translation>颜色匹配在得分中所占的比例；其余为轮廓匹配</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="158"/>
        <source>shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="159"/>
        <source>shot id → fields to replace, e.g. {&apos;s3&apos;: {&apos;line&apos;: &apos;…&apos;}}</source>
        <translation>镜头 ID → 要替换的字段，例如 {&apos;s3&apos;: {&apos;line&apos;: &apos;…&apos;}}</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="165"/>
        <source>shot ids in the order to play; unlisted shots follow</source>
        <translation>按播放顺序排列的镜头 ID；未列出的镜头排在后面</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="166"/>
        <source>shots</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="167"/>
        <source>show the mark for the first N s (0: always)</source>
        <translation>只在前 N 秒显示标识（0：一直显示）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="168"/>
        <source>sign a C2PA manifest into the MP4</source>
        <translation>在 MP4 中写入签名的 C2PA 清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="169"/>
        <source>still</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="170"/>
        <source>stills</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="171"/>
        <source>style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="172"/>
        <source>subtitle height, px</source>
        <translation>字幕高度，像素</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="173"/>
        <source>subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="174"/>
        <source>tense</source>
        <translation>紧张</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="175"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="176"/>
        <source>the cut between shots, unless a shot says otherwise</source>
        <translation>镜头之间的转场（单个镜头另有设置时以其为准）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="177"/>
        <source>top-center</source>
        <translation>顶部居中</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="178"/>
        <source>top-left</source>
        <translation>左上</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="179"/>
        <source>top-right</source>
        <translation>右上</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="180"/>
        <source>transition length, s (a flash: about 0.2)</source>
        <translation>转场时长，秒（闪白约 0.2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="181"/>
        <source>triumphant</source>
        <translation>激昂</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="182"/>
        <source>used when no Style node is wired into &apos;style&apos;</source>
        <translation>没有把“风格”节点连到 &apos;style&apos; 时使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="183"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="184"/>
        <source>visible AI mark</source>
        <translation>可见的 AI 标识</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="185"/>
        <source>visible AI mark: auto = on whenever a shot or track is AI-made</source>
        <translation>可见的 AI 标识：自动 = 只要有镜头或音轨由 AI 生成就显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="186"/>
        <source>voice</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="187"/>
        <source>voices</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="188"/>
        <source>webtoon</source>
        <translation>条漫</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="189"/>
        <source>why the mark is off (recorded in provenance)</source>
        <translation>关闭标识的原因（写入溯源记录）</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="190"/>
        <source>words added after the preset, e.g. &apos;teal and orange grade&apos;</source>
        <translation>追加在预设之后的描述，例如 &apos;teal and orange grade&apos;</translation>
    </message>
    <message>
        <location filename="../../app/ui/node_strings.py" line="191"/>
        <source>zh</source>
        <translation>中文</translation>
    </message>
</context>
</TS>
