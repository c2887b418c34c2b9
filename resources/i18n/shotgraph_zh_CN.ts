<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CanvasBridge</name>
    <message>
        <location filename="../../app/ui/canvas.py" line="196" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/canvas.py" line="435" />
        <source>Cannot import: %s</source>
        <translation>无法导入：%s</translation>
    </message>
</context>
<context>
    <name>FileEditor</name>
    <message>
        <location filename="../../app/ui/properties.py" line="213" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="218" />
        <source>Choose a file</source>
        <translation>选择文件</translation>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="71" />
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="72" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="73" />
        <source>Storyboard</source>
        <translation>故事板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="74" />
        <source>Runs / Log</source>
        <translation>运行 / 日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="124" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="125" />
        <location filename="../../app/ui/window.py" line="400" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="128" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="133" />
        <source>Provider defaults…</source>
        <translation>服务提供方默认设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="92" />
        <location filename="../../app/ui/window.py" line="136" />
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="222" />
        <source>Undo %s</source>
        <translation>撤销 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="98" />
        <location filename="../../app/ui/window.py" line="223" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="224" />
        <source>Redo %s</source>
        <translation>重做 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="99" />
        <location filename="../../app/ui/window.py" line="225" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="93" />
        <source>Run selected</source>
        <translation>运行所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="94" />
        <source>Run to here</source>
        <translation>运行到此处</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="95" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="97" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="102" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="103" />
        <source>New from template…</source>
        <translation>从模板新建…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="104" />
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="105" />
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="107" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="110" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="111" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="114" />
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="119" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="273" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="286" />
        <source>Run %s</source>
        <translation>运行 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="314" />
        <source>Export episode</source>
        <translation>导出剧集</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="322" />
        <source>This graph has no episode output to export.</source>
        <translation>此节点图没有可导出的剧集输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="331" />
        <source>Export stopped: the run did not finish.</source>
        <translation>导出已停止：运行未完成。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="336" />
        <source>Export failed: %s</source>
        <translation>导出失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="338" />
        <source>Exported %s</source>
        <translation>已导出 %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="345" />
        <location filename="../../app/ui/window.py" line="360" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="345" />
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="349" />
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="363" />
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="371" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="382" />
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="390" />
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="390" />
        <source>%s already exists.</source>
        <translation>%s 已存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="401" />
        <source>The language changes the next time ShotGraph starts.</source>
        <translation>语言将在下次启动 ShotGraph 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="405" />
        <source>Provider defaults</source>
        <translation>服务提供方默认设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="406" />
        <source>Each node picks its provider in the Properties pane. API keys are never stored in projects: they live in the system keyring (or in SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY environment variables).</source>
        <translation>每个节点在“属性”面板中选择自己的服务提供方。API 密钥从不保存在项目中：它们存放在系统钥匙串中（或环境变量 SHOTGRAPH_&lt;PROVIDER&gt;_API_KEY 中）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="411" />
        <source>stale</source>
        <translation>待更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="411" />
        <source>blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="411" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="412" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="412" />
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="412" />
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="413" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="413" />
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
    <name>PlayerView</name>
    <message>
        <location filename="../../app/ui/preview.py" line="218" />
        <location filename="../../app/ui/preview.py" line="269" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="220" />
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="269" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../app/ui/preview.py" line="359" />
        <source>Select a node to preview its output.</source>
        <translation>选择一个节点以预览其输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="400" />
        <source>This node has no output.</source>
        <translation>此节点没有输出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="404" />
        <source>Not made yet: run the graph to see this output.</source>
        <translation>尚未生成：运行节点图即可查看此输出。</translation>
    </message>
</context>
<context>
    <name>PropertiesPane</name>
    <message>
        <location filename="../../app/ui/properties.py" line="298" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/properties.py" line="357" />
        <source>Select a node to see its settings.</source>
        <translation>选择一个节点以查看其设置。</translation>
    </message>
</context>
<context>
    <name>RunsPane</name>
    <message>
        <location filename="../../app/ui/runs.py" line="144" />
        <source>Select node</source>
        <translation>选中节点</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="161" />
        <source>%s: running %d of %d</source>
        <translation>%s：正在运行 %d / %d</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="163" />
        <source>%s: from cache</source>
        <translation>%s：来自缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="165" />
        <source>%s: done in %.1f s (%d ran, %d cached)</source>
        <translation>%s：完成，用时 %.1f 秒（运行 %d，缓存 %d）</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="168" />
        <source>%s failed: %s</source>
        <translation>%s 失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="170" />
        <source>Run %d %s</source>
        <translation>运行 %d %s</translation>
    </message>
    <message>
        <location filename="../../app/ui/runs.py" line="187" />
        <source>Run %d: %s</source>
        <translation>运行 %d：%s</translation>
    </message>
</context>
<context>
    <name>ScriptTable</name>
    <message>
        <location filename="../../app/ui/preview.py" line="307" />
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="307" />
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="307" />
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="308" />
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="308" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/preview.py" line="339" />
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
        <location filename="../../app/ui/storyboard.py" line="172" />
        <source>Regenerate shot</source>
        <translation>重新生成镜头</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="209" />
        <source>%d shots, %.1f s</source>
        <translation>%d 个镜头，%.1f 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="210" />
        <source>Run the script to see the shots here.</source>
        <translation>运行剧本后，镜头会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="263" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/ui/storyboard.py" line="264" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/runs.py" line="79" />
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
</context>
</TS>