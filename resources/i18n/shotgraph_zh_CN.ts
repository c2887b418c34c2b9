<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AudioInputDialog</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="649" />
        <source>Audio input</source>
        <translation>音频输入</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="651" />
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="656" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="659" />
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="660" />
        <source>Count-in</source>
        <translation>倒数</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="662" />
        <source>No microphone is connected right now.</source>
        <translation>当前没有连接麦克风。</translation>
    </message>
</context>
<context>
    <name>BudgetBox</name>
    <message>
        <location filename="../../app/ui/costs.py" line="39" />
        <source>Budget </source>
        <translation>预算 </translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="41" />
        <source>No budget</source>
        <translation>不设预算</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="43" />
        <source>Stop a run before its paid provider calls would cost more than this (estimates from the price table). 0 = no budget.</source>
        <translation>在付费服务调用的花费将超过此金额前停止运行（按价格表估算）。0 = 不设预算。</translation>
    </message>
</context>
<context>
    <name>CanvasBridge</name>
    <message>
        <location filename="../../app/ui/canvas.py" line="200" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="440" />
        <source>Cannot import: %s</source>
        <translation>无法导入：%s</translation>
    </message>
</context>
<context>
    <name>Caption</name>
    <message>
        <location filename="../../app/ui/caption.py" line="29" />
        <source>static</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="30" />
        <source>push in</source>
        <translation>推近</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="31" />
        <source>pull out</source>
        <translation>拉远</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="32" />
        <source>pan left</source>
        <translation>左摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="33" />
        <source>pan right</source>
        <translation>右摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="34" />
        <source>tilt up</source>
        <translation>上摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/caption.py" line="35" />
        <source>tilt down</source>
        <translation>下摇</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../app/ui/takes.py" line="312" />
        <source>Compare takes: %s, shot %d</source>
        <translation>比较版本：%s，镜头 %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="319" />
        <source>Use left</source>
        <translation>使用左侧</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="320" />
        <source>Use right</source>
        <translation>使用右侧</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="321" />
        <source>These two takes are the same picture.</source>
        <translation>这两个版本是同一张画面。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="329" />
        <source>take %d</source>
        <translation>版本 %d</translation>
    </message>
</context>
<context>
    <name>CompareSide</name>
    <message>
        <location filename="../../app/ui/takes.py" line="295" />
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="298" />
        <source>clip, %.1f s (a frame is shown)</source>
        <translation>片段，%.1f 秒（显示一帧）</translation>
    </message>
</context>
<context>
    <name>CostsPane</name>
    <message>
        <location filename="../../app/ui/costs.py" line="64" />
        <location filename="../../app/ui/costs.py" line="69" />
        <source>Provider</source>
        <translation>服务提供方</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="64" />
        <location filename="../../app/ui/costs.py" line="69" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="64" />
        <source>Capability</source>
        <translation>能力</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="64" />
        <location filename="../../app/ui/costs.py" line="69" />
        <source>Calls</source>
        <translation>调用次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="65" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="65" />
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="65" />
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="69" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="70" />
        <source>Cost (estimate)</source>
        <translation>费用（估算）</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="112" />
        <source>Next run: cannot estimate (%s)</source>
        <translation>下次运行：无法估算（%s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="119" />
        <location filename="../../app/ui/costs.py" line="169" />
        <location filename="../../app/ui/costs.py" line="172" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="124" />
        <source>%s + unknown</source>
        <translation>%s + 未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="126" />
        <location filename="../../app/ui/costs.py" line="139" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="129" />
        <source>Next run (estimate): %s</source>
        <translation>下次运行（估算）：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="130" />
        <source>Next run: no provider calls</source>
        <translation>下次运行：没有服务调用</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="143" />
        <source>Spent so far in this episode: %s in %d runs</source>
        <translation>本集已花费：%s，共 %d 次运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="151" />
        <source>%s (%d items)</source>
        <translation>%s（%d 项）</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="156" />
        <source>Stopped by the budget of %s: spent %s; left to run: %s. What ran is kept; raise the budget and run again to continue.</source>
        <translation>已按预算 %s 停止：已花费 %s；尚未运行：%s。已完成的部分都会保留；提高预算后再次运行即可继续。</translation>
    </message>
    <message>
        <location filename="../../app/ui/costs.py" line="159" />
        <source>nothing</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>CutDesk</name>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="81" />
        <source>The cut could not be made: see the log.</source>
        <translation>成片没有生成：请查看日志。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="95" />
        <source>Wait for the run to finish.</source>
        <translation>请等待运行结束。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="108" />
        <source>Writing the timeline…</source>
        <translation>正在写出时间线…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="108" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="110" />
        <location filename="../../app/ui/cutdesk.py" line="129" />
        <location filename="../../app/ui/cutdesk.py" line="141" />
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="125" />
        <source>Timeline written: %s (%d shots, %.1f s).
Its media and a README on how to open it are in %s</source>
        <translation>时间线已写出：%s（%d 个镜头，%.1f 秒）。
素材和打开方法说明（README）在 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="131" />
        <source>Show folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="140" />
        <source>Export timeline failed: %s</source>
        <translation>导出时间线失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="179" />
        <source>Recording needs a Voice node wired into the Edit &amp; Export node.</source>
        <translation>录音需要一个连到“剪辑与导出”节点的配音节点。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="212" />
        <source>Shot %d now uses your recording (take %d); Run re-mixes the sound only.</source>
        <translation>第 %d 个镜头现在使用你的录音（第 %d 条）；运行时只重新混音。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutdesk.py" line="244" />
        <source>%s is now shot %d's own footage; Run re-makes only that shot.</source>
        <translation>%s 现在是第 %d 个镜头的自有素材；运行时只重新生成这个镜头。</translation>
    </message>
</context>
<context>
    <name>CutPlayer</name>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="67" />
        <location filename="../../app/ui/cutplayer.py" line="181" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="72" />
        <source>Back to the start</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="104" />
        <source>Play makes the cut (the episode) first.</source>
        <translation>播放前会先生成成片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="106" />
        <source>The cut has changed: Play makes it again (only the changed shots are re-encoded).</source>
        <translation>剪辑已改动：播放时会重新生成（只重新编码改动过的镜头）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cutplayer.py" line="181" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>DeviceInput</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="216" />
        <source>No microphone found: connect one, or pick it in Settings &gt; Audio input.</source>
        <translation>没有找到麦克风：请连接一个，或在“设置 &gt; 音频输入”中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="229" />
        <source>%s would not start recording.</source>
        <translation>%s 无法开始录音。</translation>
    </message>
</context>
<context>
    <name>FileEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="231" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="236" />
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>FindCopiesDialog</name>
    <message>
        <location filename="../../app/ui/copies.py" line="119" />
        <source>Find copies</source>
        <translation>查找复制件</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="121" />
        <source>Choose a video to compare with this project.</source>
        <translation>选择一个视频与本项目比对。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="122" />
        <source>Choose video…</source>
        <translation>选择视频…</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="129" />
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139" />
        <source>Evidence</source>
        <translation>证据类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139" />
        <source>Episode</source>
        <translation>剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139" />
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="139" />
        <source>In the video</source>
        <translation>在视频中</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="140" />
        <source>In the original</source>
        <translation>在原作中</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="140" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="140" />
        <source>Score</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="150" />
        <source>Blue: the picture matches. Orange: the sound matches.</source>
        <translation>蓝色：画面匹配。橙色：声音匹配。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="163" />
        <source>Video to compare</source>
        <translation>要比对的视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="175" />
        <source>Comparing…</source>
        <translation>正在比对…</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="190" />
        <source>This project has no fingerprints yet: export the episode first.</source>
        <translation>本项目还没有指纹登记：请先导出剧集。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="201" />
        <source>%1 shots match on picture, %2 on sound.</source>
        <translation>画面匹配 %1 个镜头，声音匹配 %2 个镜头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="208" />
        <source>picture</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="208" />
        <source>sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="218" />
        <source>Save evidence report</source>
        <translation>保存证据报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="231" />
        <source>The report could not be saved: %1</source>
        <translation>报告无法保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/copies.py" line="234" />
        <source>Report saved to %1</source>
        <translation>报告已保存到 %1</translation>
    </message>
</context>
<context>
    <name>FootageDialog</name>
    <message>
        <location filename="../../app/ui/footage.py" line="58" />
        <source>clip</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="58" />
        <source>still</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="59" />
        <source>Use as shot %d's %s</source>
        <translation>用作第 %d 个镜头的%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="61" />
        <source>&lt;b&gt;%s&lt;/b&gt; becomes shot %d's %s.</source>
        <translation>&lt;b&gt;%s&lt;/b&gt; 将成为第 %d 个镜头的%s。</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="69" />
        <source>Pad (show it all, bars around)</source>
        <translation>留边（完整显示，四周加黑边）</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="70" />
        <source>Crop (fill the 9:16 frame)</source>
        <translation>裁切（铺满 9:16 画面）</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="72" />
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="73" />
        <source>Keep (ducked under the lines)</source>
        <translation>保留（台词时自动压低）</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="74" />
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="77" />
        <source>Its sound</source>
        <translation>原声</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="107" />
        <source>%.1f s</source>
        <translation>%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="110" />
        <source>with sound</source>
        <translation>有声音</translation>
    </message>
    <message>
        <location filename="../../app/ui/footage.py" line="110" />
        <source>no sound</source>
        <translation>无声音</translation>
    </message>
</context>
<context>
    <name>JsonEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="113" />
        <source>not valid JSON: %s</source>
        <translation>不是有效的 JSON：%s</translation>
    </message>
</context>
<context>
    <name>LineTakes</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="619" />
        <source>your recording</source>
        <translation>你的录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="619" />
        <source>generated</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="620" />
        <source>Take %d · %s</source>
        <translation>第 %d 条 · %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="624" />
        <source> (made at the next run)</source>
        <translation>（下次运行时生成）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="77" />
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="78" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="79" />
        <source>Storyboard</source>
        <translation>故事板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="80" />
        <source>Runs / Log</source>
        <translation>运行 / 日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="164" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="165" />
        <location filename="../../app/ui/window.py" line="518" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="168" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="173" />
        <source>Provider defaults…</source>
        <translation>服务提供方默认设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="108" />
        <location filename="../../app/ui/window.py" line="177" />
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="306" />
        <source>Undo %s</source>
        <translation>撤销 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="114" />
        <location filename="../../app/ui/window.py" line="306" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="309" />
        <source>Redo %s</source>
        <translation>重做 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="115" />
        <location filename="../../app/ui/window.py" line="309" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="81" />
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="82" />
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="83" />
        <source>Player</source>
        <translation>播放器</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="109" />
        <source>Run selected</source>
        <translation>运行所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="110" />
        <source>Run to here</source>
        <translation>运行到此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="111" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="113" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="119" />
        <source>Previous take</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="121" />
        <source>Next take</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="125" />
        <source>%s of the selected shot (%s or %s)</source>
        <translation>所选镜头的%s（%s 或 %s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="127" />
        <source>Compare takes…</source>
        <translation>比较版本…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="130" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="132" />
        <source>New from template…</source>
        <translation>从模板新建…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="134" />
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="135" />
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="137" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="139" />
        <source>Export timeline…</source>
        <translation>导出时间线…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="141" />
        <source>Find copies…</source>
        <translation>查找复制件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="143" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="144" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="150" />
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="159" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="174" />
        <source>Audio input…</source>
        <translation>音频输入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="287" />
        <source>Not saved yet, retrying: %s</source>
        <translation>尚未保存，正在重试：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="298" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="358" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="376" />
        <source>Run %s</source>
        <translation>运行 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="404" />
        <source>Using take %d; Run re-makes only what depends on it</source>
        <translation>正在使用版本 %d；运行时只重新生成依赖它的部分</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="412" />
        <source>Select a shot with two takes or more to compare them.</source>
        <translation>请选择一个至少有两个版本的镜头来比较。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="418" />
        <source>Export episode</source>
        <translation>导出剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="427" />
        <source>This graph has no episode output to export.</source>
        <translation>此节点图没有可导出的剧集输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="436" />
        <source>Export stopped: the run did not finish.</source>
        <translation>导出已停止：运行未完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="441" />
        <source>Export failed: %s</source>
        <translation>导出失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="443" />
        <source>Exported %s</source>
        <translation>已导出 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="459" />
        <location filename="../../app/ui/window.py" line="475" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="459" />
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="464" />
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="478" />
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="486" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="498" />
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="506" />
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="506" />
        <source>%s already exists.</source>
        <translation>%s 已存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="519" />
        <source>The language changes the next time ShotGraph starts.</source>
        <translation>语言将在下次启动 ShotGraph 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="525" />
        <source>Provider defaults</source>
        <translation>服务提供方默认设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="527" />
        <source>Each node picks its provider in the Properties pane. API keys are never stored in projects: they live in the system keyring (or in SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY environment variables).</source>
        <translation>每个节点在“属性”面板中选择自己的服务提供方。API 密钥从不保存在项目中：它们存放在系统钥匙串中（或环境变量 SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY 中）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="540" />
        <source>stale</source>
        <translation>待更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="541" />
        <source>blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="542" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="543" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="544" />
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="545" />
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="546" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="547" />
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>NodePalette</name>
    <message>
        <location filename="../../app/ui/palette.py" line="29" />
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
</context>
<context>
    <name>OutsideFilesQuestion</name>
    <message>
        <source>Files outside the project</source>
        <translation>项目之外的文件</translation>
    </message>
    <message>
        <source>This project&apos;s imports point outside its folder:</source>
        <translation>此项目的导入文件指向项目文件夹之外：</translation>
    </message>
    <message>
        <source>A project made by someone else could read your own files this way. Copy them into the project (recommended), allow reading them this time, or leave them unread: those nodes will fail until you choose the files again.</source>
        <translation>别人制作的项目可能借此读取你自己的文件。可以把它们复制到项目中（推荐），允许本次读取，或者不读取：在重新选择这些文件之前，相关节点会运行失败。</translation>
    </message>
    <message>
        <source>Copy into the project</source>
        <translation>复制到项目中</translation>
    </message>
    <message>
        <source>Allow this time</source>
        <translation>本次允许</translation>
    </message>
    <message>
        <source>Don&apos;t read them</source>
        <translation>不读取</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>…… 以及另外 %1 个</translation>
    </message>
    <message>
        <source>These files could not be found and were left as they are:</source>
        <translation>找不到以下文件，已保持原样：</translation>
    </message>
</context>
<context>
    <name>PlayerView</name>
    <message>
        <location filename="../../app/ui/preview.py" line="172" />
        <location filename="../../app/ui/preview.py" line="225" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="174" />
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="225" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../app/ui/preview.py" line="324" />
        <source>Select a node to preview its output.</source>
        <translation>选择一个节点以预览其输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="392" />
        <source>This node has no output.</source>
        <translation>此节点没有输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="396" />
        <source>Not made yet: run the graph to see this output.</source>
        <translation>尚未生成：运行节点图即可查看此输出。</translation>
    </message>
</context>
<context>
    <name>PropertiesPane</name>
    <message>
        <location filename="../../app/ui/properties.py" line="316" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="375" />
        <source>Select a node to see its settings.</source>
        <translation>选择一个节点以查看其设置。</translation>
    </message>
</context>
<context>
    <name>ProviderEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="218" />
        <source>Pick a provider, or type a fallback chain tried in order, e.g. %s</source>
        <translation>选择一个服务提供方，或输入按顺序尝试的备用链，例如 %s</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="379" />
        <source>Record a line</source>
        <translation>录制台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="406" />
        <source>Record</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="407" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="408" />
        <source>Play back</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="409" />
        <source>Re-take</source>
        <translation>重录</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="410" />
        <source>Use this take</source>
        <translation>使用这一条</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="411" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="428" />
        <source>Level</source>
        <translation>电平</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="436" />
        <source>Takes of this line (double-click to use one)</source>
        <translation>这句台词的所有录音（双击使用）</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="472" />
        <source>● Recording</source>
        <translation>● 正在录音</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="481" />
        <source>Recording: %.1f s</source>
        <translation>录音中：%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="504" />
        <source>Nothing was heard: check the input level and record again.</source>
        <translation>没有录到声音：请检查输入电平后重录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="514" />
        <source>Take: %.1f s, level %.0f dBFS (peak %.0f dBFS)</source>
        <translation>本条：%.1f 秒，电平 %.0f dBFS（峰值 %.0f dBFS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="539" />
        <source>Kept as a take of this line. Record another, or close.</source>
        <translation>已保存为这句台词的一条录音。可以再录一条，或关闭。</translation>
    </message>
</context>
<context>
    <name>RunsPane</name>
    <message>
        <location filename="../../app/ui/runs.py" line="150" />
        <source>Select node</source>
        <translation>选中节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="167" />
        <source>%s: running %d of %d</source>
        <translation>%s：正在运行 %d / %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="169" />
        <source>%s: from cache</source>
        <translation>%s：来自缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="171" />
        <source>%s: done in %.1f s (%d ran, %d cached)</source>
        <translation>%s：完成，用时 %.1f 秒（运行 %d，缓存 %d）</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="178" />
        <source>%s failed: %s</source>
        <translation>%s 失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="180" />
        <source>Run %d %s</source>
        <translation>运行 %d %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="197" />
        <source>Run %d: %s</source>
        <translation>运行 %d：%s</translation>
    </message>
</context>
<context>
    <name>ScriptTable</name>
    <message>
        <location filename="../../app/ui/preview.py" line="265" />
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="266" />
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="267" />
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="268" />
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="269" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="302" />
        <source>Duration must be a number of seconds</source>
        <translation>时长必须是秒数</translation>
    </message>
</context>
<context>
    <name>SeedEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="174" />
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="175" />
        <source>New random seed</source>
        <translation>新的随机种子</translation>
    </message>
</context>
<context>
    <name>StoryboardPane</name>
    <message>
        <location filename="../../app/ui/storyboard.py" line="235" />
        <source>Regenerate shot</source>
        <translation>重新生成镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="287" />
        <source>%d shots, %.1f s</source>
        <translation>%d 个镜头，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="289" />
        <source>Run the script to see the shots here.</source>
        <translation>运行剧本后，镜头会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="365" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="366" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
</context>
<context>
    <name>SubtitleDialog</name>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="53" />
        <source>Subtitles of shot %d</source>
        <translation>第 %d 个镜头的字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="54" />
        <source>Spoken line: %s</source>
        <translation>台词：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="54" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="56" />
        <source>Times are seconds from the start of the shot (it lasts %.1f s); leave them empty to follow the spoken line.</source>
        <translation>时间为从镜头开始算起的秒数（镜头长 %.1f 秒）；留空则跟随台词。</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="61" />
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="61" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="61" />
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="75" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="76" />
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="77" />
        <source>Cut the selected subtitle in two, at the word nearest its middle</source>
        <translation>在最靠近中间的词处把选中的字幕一分为二</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="78" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="79" />
        <source>Back to the line</source>
        <translation>恢复为台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="129" />
        <source>Subtitle %d: %r is not a number of seconds</source>
        <translation>第 %d 条字幕：%r 不是秒数</translation>
    </message>
    <message>
        <location filename="../../app/ui/subtitle_editor.py" line="144" />
        <source>Subtitle %d: %s</source>
        <translation>第 %d 条字幕：%s</translation>
    </message>
</context>
<context>
    <name>TakeStrip</name>
    <message>
        <location filename="../../app/ui/takes.py" line="155" />
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="156" />
        <source>Show two takes of this shot side by side</source>
        <translation>并排显示此镜头的两个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="187" />
        <source>Click a take to use it. %s / %s (or Alt+Left / Alt+Right) step through them.</source>
        <translation>点击一个版本即可使用。%s / %s（或 Alt+左 / Alt+右）可逐个切换。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="212" />
        <source>take %d</source>
        <translation>版本 %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="222" />
        <source>In use. </source>
        <translation>使用中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="225" />
        <source>Not made yet: run the graph.</source>
        <translation>尚未生成：请运行节点图。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="232" />
        <source>Takes: select a shot after a run.</source>
        <translation>版本：运行后选择一个镜头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/takes.py" line="236" />
        <source>%s, shot %d: %d takes, take %d in use</source>
        <translation>%s，镜头 %d：共 %d 个版本，正在使用版本 %d</translation>
    </message>
</context>
<context>
    <name>Teleprompter</name>
    <message>
        <location filename="../../app/ui/recorder.py" line="329" />
        <source>Shot %d of %d</source>
        <translation>第 %d 个镜头，共 %d 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/recorder.py" line="331" />
        <source>(this shot has no line)</source>
        <translation>（这个镜头没有台词）</translation>
    </message>
</context>
<context>
    <name>TimelineExport</name>
    <message>
        <location filename="../../app/ui/handoff.py" line="153" />
        <source>Stopped: nothing was written.</source>
        <translation>已停止：没有写出任何文件。</translation>
    </message>
</context>
<context>
    <name>TimelineExportDialog</name>
    <message>
        <location filename="../../app/ui/handoff.py" line="54" />
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="58" />
        <source>JianYing draft (剪映专业版)</source>
        <translation>剪映草稿（剪映专业版）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="59" />
        <source>CapCut draft</source>
        <translation>CapCut 草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="60" />
        <source>OpenTimelineIO (DaVinci Resolve, Premiere Pro)</source>
        <translation>OpenTimelineIO（DaVinci Resolve、Premiere Pro）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="61" />
        <source>FCPXML (Final Cut Pro, DaVinci Resolve)</source>
        <translation>FCPXML（Final Cut Pro、DaVinci Resolve）</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="66" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="73" />
        <source>Editor</source>
        <translation>剪辑软件</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="74" />
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="93" />
        <source>A new folder with the draft, its media and a README on how to open it.</source>
        <translation>新建一个文件夹，内含草稿、素材和打开方法说明（README）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="95" />
        <source>The timeline file, with its media and a README in the same folder.</source>
        <translation>时间线文件，素材和说明（README）放在同一文件夹中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="101" />
        <source>Folder for the draft</source>
        <translation>草稿所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/handoff.py" line="106" />
        <source>Timeline file</source>
        <translation>时间线文件</translation>
    </message>
</context>
<context>
    <name>TimelinePane</name>
    <message>
        <location filename="../../app/ui/timeline.py" line="769" />
        <location filename="../../app/ui/timeline.py" line="855" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="774" />
        <location filename="../../app/ui/timeline.py" line="777" />
        <source> dB</source>
        <translation> dB</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="775" />
        <source>Music level</source>
        <translation>音乐音量</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="778" />
        <source>How far the music dips under a line</source>
        <translation>台词时音乐压低多少</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="779" />
        <source>Record line…</source>
        <translation>录制台词…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="789" />
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="791" />
        <source>Ducking</source>
        <translation>闪避</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="831" />
        <source>%d shots, %.1f s</source>
        <translation>%d 个镜头，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="832" />
        <source>Run the script to lay the shots out here.</source>
        <translation>运行剧本后，镜头会排在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="855" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="935" />
        <source>Cut</source>
        <translation>硬切</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="935" />
        <source>Crossfade</source>
        <translation>叠化</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="936" />
        <source>Fade through black</source>
        <translation>黑场过渡</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="936" />
        <source>Flash</source>
        <translation>闪白</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="956" />
        <source>Record this line…</source>
        <translation>录制这句台词…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="959" />
        <source>Transition to the next shot</source>
        <translation>到下一个镜头的转场</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/runs.py" line="79" />
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="509" />
        <source>%.1f s</source>
        <translation>%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="514" />
        <source>starts %.2f s into the clip</source>
        <translation>从视频第 %.2f 秒开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="596" />
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="596" />
        <source>Voices</source>
        <translation>配音</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="597" />
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="597" />
        <source>Subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="702" />
        <source>Music %+.0f dB</source>
        <translation>音乐 %+.0f dB</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline.py" line="704" />
        <source>, ducked %+.0f dB under lines</source>
        <translation>，台词时压低 %+.0f dB</translation>
    </message>
</context>
</TS>
