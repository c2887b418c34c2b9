<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <location filename="../../app/ui/canvas.py" line="98" />
        <source> (optional)</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="314" />
        <location filename="../../app/ui/canvas.py" line="575" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="574" />
        <source>Run to here</source>
        <translation>运行到此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="577" />
        <source>Add node</source>
        <translation>添加节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="587" />
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="590" />
        <source>Fit graph to view</source>
        <translation>适应窗口显示全部节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="613" />
        <source>Cannot import: %s</source>
        <translation>无法导入：%s</translation>
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
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/export.py" line="39" />
        <source>Export episode</source>
        <translation>导出剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="47" />
        <source>Exporting to %s</source>
        <translation>正在导出到 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="49" />
        <source>Getting ready…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="55" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="56" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="57" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="73" />
        <source>Making %s (%d of %d to make)</source>
        <translation>正在生成 %s（需生成 %d 项，共 %d 项）</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="79" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="103" />
        <source>Shot %s of %s</source>
        <translation>第 %s 个镜头，共 %s 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="105" />
        <source>Mixing the voices and music</source>
        <translation>正在混合配音和音乐</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="106" />
        <source>Joining the shots</source>
        <translation>正在拼接镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="107" />
        <source>Writing the file</source>
        <translation>正在写入文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="108" />
        <location filename="../../app/ui/export.py" line="109" />
        <source>Adding the AI labels</source>
        <translation>正在添加 AI 标识</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="120" />
        <source>, %.1f s</source>
        <translation>，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="121" />
        <source>Exported %s (%.1f MB%s)</source>
        <translation>已导出 %s（%.1f MB%s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="122" />
        <source>Done: %s</source>
        <translation>完成：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="126" />
        <source>The export did not finish</source>
        <translation>导出未完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="131" />
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="132" />
        <source>Nothing was written to %s.</source>
        <translation>没有向 %s 写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/export.py" line="150" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
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
    <name>JsonEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="111" />
        <source>not valid JSON: %s</source>
        <translation>不是有效的 JSON：%s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="84" />
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="86" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="87" />
        <source>Storyboard</source>
        <translation>故事板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="89" />
        <source>Runs / Log</source>
        <translation>运行 / 日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="185" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="186" />
        <location filename="../../app/ui/window.py" line="641" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="189" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="194" />
        <source>Provider defaults…</source>
        <translation>服务提供方默认设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="115" />
        <location filename="../../app/ui/window.py" line="197" />
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="366" />
        <source>Undo %s</source>
        <translation>撤销 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="133" />
        <location filename="../../app/ui/window.py" line="366" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="369" />
        <source>Redo %s</source>
        <translation>重做 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="134" />
        <location filename="../../app/ui/window.py" line="369" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="85" />
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="88" />
        <location filename="../../app/ui/window.py" line="453" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="90" />
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="91" />
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="116" />
        <source>Run selected</source>
        <translation>运行所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="117" />
        <source>Run to here</source>
        <translation>运行到此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="118" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="120" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="121" />
        <source>Add node…</source>
        <translation>添加节点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="124" />
        <source>Find a node to add (Tab or double-click on the canvas; or drag one from the Nodes list)</source>
        <translation>查找要添加的节点（在画布上按 Tab 或双击；也可以从“节点”列表拖入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="126" />
        <source>Fit graph to view</source>
        <translation>适应窗口显示全部节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="129" />
        <source>Minimap</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="138" />
        <source>Previous take</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="140" />
        <source>Next take</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="144" />
        <source>%s of the selected shot (%s or %s)</source>
        <translation>所选镜头的%s（%s 或 %s）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="146" />
        <source>Compare takes…</source>
        <translation>比较版本…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="149" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="151" />
        <source>New from template…</source>
        <translation>从模板新建…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="153" />
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="154" />
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="156" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="159" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="160" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="168" />
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="177" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="283" />
        <source>Stop the run?</source>
        <translation>停止运行？</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="284" />
        <source>A run is going. Stop it first? What it made so far is kept.</source>
        <translation>正在运行。要先停止吗？已经生成的内容都会保留。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="287" />
        <source>Stop the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="288" />
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="347" />
        <source>Not saved yet, retrying: %s</source>
        <translation>尚未保存，正在重试：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="358" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="431" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="465" />
        <source>Run %s</source>
        <translation>运行 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="480" />
        <source>%d problems: see Problems (click one to select its node)</source>
        <translation>%d 个问题：请查看“问题”（点击一项即可选中对应节点）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="499" />
        <source>Using take %d; Run re-makes only what depends on it</source>
        <translation>正在使用版本 %d；运行时只重新生成依赖它的部分</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="507" />
        <source>Select a shot with two takes or more to compare them.</source>
        <translation>请选择一个至少有两个版本的镜头来比较。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="521" />
        <source>Export episode</source>
        <translation>导出剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="531" />
        <source>This graph has no episode output to export.</source>
        <translation>此节点图没有可导出的剧集输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="541" />
        <source>A run is already going: export when it ends.</source>
        <translation>已有运行在进行中：请在它结束后再导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="550" />
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="553" />
        <source>The episode could not be made: see Problems.</source>
        <translation>无法生成剧集：请查看“问题”列表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="554" />
        <source>Export stopped: the run did not finish.</source>
        <translation>导出已停止：运行未完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="560" />
        <location filename="../../app/ui/window.py" line="561" />
        <source>Export failed: %s</source>
        <translation>导出失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="565" />
        <source>Exported %s</source>
        <translation>已导出 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="576" />
        <location filename="../../app/ui/window.py" line="594" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="576" />
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="581" />
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="597" />
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="607" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="619" />
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="627" />
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="627" />
        <source>%s already exists.</source>
        <translation>%s 已存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="642" />
        <source>The language changes the next time ShotGraph starts.</source>
        <translation>语言将在下次启动 ShotGraph 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="648" />
        <source>Provider defaults</source>
        <translation>服务提供方默认设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="650" />
        <source>Each node picks its provider in the Properties pane. API keys are never stored in projects: they live in the system keyring (or in SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY environment variables).</source>
        <translation>每个节点在“属性”面板中选择自己的服务提供方。API 密钥从不保存在项目中：它们存放在系统钥匙串中（或环境变量 SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY 中）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="658" />
        <source>stale</source>
        <translation>待更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="659" />
        <source>blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="660" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="661" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="662" />
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="663" />
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="664" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="665" />
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>Minimap</name>
    <message>
        <location filename="../../app/ui/minimap.py" line="35" />
        <source>The whole graph: click or drag to move the view</source>
        <translation>整个节点图：点击或拖动即可移动视图</translation>
    </message>
</context>
<context>
    <name>NodeLibrary</name>
    <message>
        <location filename="../../app/ui/palette.py" line="121" />
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/palette.py" line="126" />
        <source>Drag a node onto the canvas, or double-click to add it</source>
        <translation>把节点拖到画布上，或双击添加</translation>
    </message>
</context>
<context>
    <name>NodePalette</name>
    <message>
        <location filename="../../app/ui/palette.py" line="50" />
        <source>Search nodes…</source>
        <translation>搜索节点…</translation>
    </message>
</context>
<context>
    <name>PlayerView</name>
    <message>
        <location filename="../../app/ui/preview.py" line="173" />
        <location filename="../../app/ui/preview.py" line="226" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="175" />
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="226" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../app/ui/preview.py" line="349" />
        <source>Select a node or a shot to preview it.</source>
        <translation>选择一个节点或镜头进行预览。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="426" />
        <source>This node has no output.</source>
        <translation>此节点没有输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="437" />
        <source>Not made yet: run the graph to see this output.</source>
        <translation>尚未生成：运行节点图即可查看此输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="443" />
        <source>Made before the last change: Run brings it up to date.</source>
        <translation>这是上次修改之前生成的结果：运行后会更新。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="482" />
        <source>(not made yet)</source>
        <translation>（尚未生成）</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="537" />
        <source>Shot %d</source>
        <translation>镜头 %d</translation>
    </message>
</context>
<context>
    <name>ProblemsPane</name>
    <message>
        <location filename="../../app/ui/problems.py" line="21" />
        <source>No problems: every node can run.</source>
        <translation>没有问题：所有节点都可以运行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/problems.py" line="35" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/problems.py" line="35" />
        <source>cannot run</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/problems.py" line="38" />
        <source>Click to select %s on the canvas</source>
        <translation>点击以在画布上选中 %s</translation>
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
    <name>RunsPane</name>
    <message>
        <location filename="../../app/ui/runs.py" line="151" />
        <source>Select node</source>
        <translation>选中节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="169" />
        <source>%s: running %d of %d</source>
        <translation>%s：正在运行 %d / %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="171" />
        <source>%s: from cache</source>
        <translation>%s：来自缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="173" />
        <source>%s: done in %.1f s (%d ran, %d cached)</source>
        <translation>%s：完成，用时 %.1f 秒（运行 %d，缓存 %d）</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="180" />
        <source>%s failed: %s</source>
        <translation>%s 失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="182" />
        <source>Run %d %s</source>
        <translation>运行 %d %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="199" />
        <source>Run %d: %s</source>
        <translation>运行 %d：%s</translation>
    </message>
</context>
<context>
    <name>ScriptTable</name>
    <message>
        <location filename="../../app/ui/preview.py" line="266" />
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="267" />
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="268" />
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="269" />
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="270" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="303" />
        <source>Duration must be a number of seconds</source>
        <translation>时长必须是秒数</translation>
    </message>
</context>
<context>
    <name>SeedEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="172" />
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="173" />
        <source>New random seed</source>
        <translation>新的随机种子</translation>
    </message>
</context>
<context>
    <name>ShotInspector</name>
    <message>
        <location filename="../../app/ui/inspector.py" line="27" />
        <source>static</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="28" />
        <source>push in</source>
        <translation>推镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="29" />
        <source>pull out</source>
        <translation>拉镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="30" />
        <source>pan left</source>
        <translation>左摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="31" />
        <source>pan right</source>
        <translation>右摇</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="32" />
        <source>tilt up</source>
        <translation>上仰</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="33" />
        <source>tilt down</source>
        <translation>下俯</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="80" />
        <source>(nobody)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="90" />
        <source>Description</source>
        <translation>画面描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="91" />
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="93" />
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="94" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="95" />
        <source>Camera move</source>
        <translation>运镜</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="140" />
        <source>Click a shot in the storyboard to edit it here.</source>
        <translation>在故事板中点击一个镜头，即可在这里编辑它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="157" />
        <source>A change re-makes this shot's still, clip and voice on the next Run; the other shots come from the cache.</source>
        <translation>修改后，下次运行会重新生成这个镜头的画面、视频和配音；其他镜头直接使用缓存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="189" />
        <source>Shot %d</source>
        <translation>镜头 %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="208" />
        <source>Pick a speaker for the line first.</source>
        <translation>请先为这句台词选择说话人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/inspector.py" line="210" />
        <source>A line needs a speaker: clear the line first.</source>
        <translation>有台词就需要说话人：请先清空台词。</translation>
    </message>
</context>
<context>
    <name>ShotView</name>
    <message>
        <location filename="../../app/ui/shotview.py" line="80" />
        <location filename="../../app/ui/shotview.py" line="217" />
        <location filename="../../app/ui/shotview.py" line="224" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="83" />
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="178" />
        <source>The picture was made before the last change; Run re-makes it.</source>
        <translation>画面是上次修改之前生成的；运行后会重新生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="180" />
        <source>The voice was made before the last change.</source>
        <translation>配音是上次修改之前生成的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="182" />
        <source>No picture yet: run the graph to make it.</source>
        <translation>还没有画面：运行节点图即可生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shotview.py" line="210" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>StoryboardPane</name>
    <message>
        <location filename="../../app/ui/storyboard.py" line="285" />
        <source>Regenerate shot</source>
        <translation>重新生成镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="349" />
        <source>%d shots, %.1f s</source>
        <translation>%d 个镜头，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="350" />
        <source>Run the script to see the shots here.</source>
        <translation>运行剧本后，镜头会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="352" />
        <source>%d to re-make (dimmed)</source>
        <translation>%d 个待重新生成（变暗显示）</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="373" />
        <source>Dimmed: made before the last change; Run re-makes it.</source>
        <translation>变暗：这是上次修改之前生成的；运行后会重新生成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="380" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="384" />
        <source>stale</source>
        <translation>待更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="522" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="523" />
        <source>Edit line</source>
        <translation>编辑台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="524" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
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
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/runs.py" line="80" />
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
</context>
</TS>