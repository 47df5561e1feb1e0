<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../workbench/ui/first_run.py" line="32"/>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/first_run.py" line="33"/>
        <source>There is no school in this workspace yet.</source>
        <translation>工作区里还没有学校。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/first_run.py" line="34"/>
        <source>Open the bundled demo school (麻江县示范路小学) to try the workbench? You can import a school&apos;s real package later with File › Import package…</source>
        <translation>要打开自带的演示学校（麻江县示范路小学）试用评估工作台吗？以后可以通过“文件 › 导入材料包…”导入学校的真实材料包。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/first_run.py" line="37"/>
        <source>Open demo school</source>
        <translation>打开演示学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/first_run.py" line="39"/>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="26"/>
        <source>Import evidence package</source>
        <translation>导入评估材料包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="27"/>
        <source>Evidence packages (*.wbpkg);;All files (*)</source>
        <translation>评估材料包 (*.wbpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="47"/>
        <source>The package is damaged, incomplete or not a workbench evidence package. Ask the school for a new copy (or rebuild it from their folder) and import that.</source>
        <translation>材料包已损坏、不完整,或不是评估工作台的证据材料包。请向学校索取一份新的材料包(或由学校从其文件夹重新生成)后再导入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="51"/>
        <source>The workspace could not be written. Check that its folder is writable and the disk has free space, then import again.</source>
        <translation>无法写入工作区。请检查工作区文件夹是否可写、磁盘是否有剩余空间,然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="64"/>
        <source>An unexpected error stopped the import; nothing was changed. Please report it with the details below.</source>
        <translation>导入因意外错误而中止，工作区未做任何改动。请连同下方的详细信息一起报告此问题。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="104"/>
        <source>Importing package</source>
        <translation>正在导入材料包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="105"/>
        <location filename="../../workbench/ui/import_dialog.py" line="133"/>
        <source>Verifying %1…</source>
        <translation>正在校验 %1…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="106"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="126"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="157"/>
        <source>The package was not imported</source>
        <translation>材料包未导入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/import_dialog.py" line="158"/>
        <source>%1 was refused; nothing was added to the workspace.</source>
        <translation>%1 未通过校验，工作区未添加任何内容。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="151"/>
        <source>Workbench — smart campus evaluation</source>
        <translation>评估工作台 — 智慧校园评估验收</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="152"/>
        <source>Opening the workspace…</source>
        <translation>正在打开工作区…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="153"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="154"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="155"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="156"/>
        <source>&amp;Reviewer</source>
        <translation>评估人(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="157"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="158"/>
        <source>&amp;Import package…</source>
        <translation>导入材料包(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="159"/>
        <source>Open &amp;demo school</source>
        <translation>打开演示学校(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="160"/>
        <source>&amp;Print form…</source>
        <translation>打印评估表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="161"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="162"/>
        <source>&amp;School list</source>
        <translation>学校列表(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="163"/>
        <source>&amp;Review</source>
        <translation>评估(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="164"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="165"/>
        <source>&amp;Identity…</source>
        <translation>身份信息(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="166"/>
        <source>&amp;Signing key and signature…</source>
        <translation>签名密钥与签名图像(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="167"/>
        <source>&amp;About Workbench</source>
        <translation>关于评估工作台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="186"/>
        <source>No reviewer set</source>
        <translation>尚未设置评估人</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="188"/>
        <source>chair</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="188"/>
        <source>member</source>
        <translation>评估组成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="189"/>
        <source>Reviewer: %1 (%2, %3)</source>
        <translation>评估人：%1（%2，%3）</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="296"/>
        <source>Schools: %1</source>
        <translation>学校：%1 所</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="313"/>
        <source>No demo school</source>
        <translation>没有演示学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="317"/>
        <source>Imported %1 (%2), package version %3.</source>
        <translation>已导入 %1（%2），材料包第 %3 版。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="319"/>
        <source>%1 (%2) package version %3 was already imported.</source>
        <translation>%1（%2）材料包第 %3 版此前已导入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="342"/>
        <source>An import is already running.</source>
        <translation>已有一个导入正在进行。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="344"/>
        <source>One package at a time: importing %1.</source>
        <translation>一次只能导入一个材料包：正在导入 %1。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="368"/>
        <source>Open a school first.</source>
        <translation>请先打开一所学校。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="377"/>
        <source>About Workbench</source>
        <translation>关于评估工作台</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="378"/>
        <source>&lt;b&gt;Workbench (评估工作台)&lt;/b&gt;&lt;p&gt;Evidence, scoring, signing and printing for smart-campus evaluation panels. Works offline.&lt;/p&gt;&lt;p&gt;Workspace: %1&lt;/p&gt;</source>
        <translation>&lt;b&gt;评估工作台 (Workbench)&lt;/b&gt;&lt;p&gt;供智慧校园评估验收的评估组使用：查阅材料、评分、签名与打印评估表。无需联网。&lt;/p&gt;&lt;p&gt;工作区：%1&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="0" />
        <source>Save &amp;signed score sheet…</source>
        <translation>保存签名评分表(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="0" />
        <source>&amp;Export Excel…</source>
        <translation>导出 Excel(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>ReviewerDialog</name>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="69"/>
        <source>Reviewer identity</source>
        <translation>评估人身份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="71"/>
        <source>Welcome to Workbench. Who is reviewing on this computer? Every score you enter is recorded under this name.</source>
        <translation>欢迎使用评估工作台。请问在这台电脑上评估的是哪位专家？您录入的每一项评分都会记录在此姓名下。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="74"/>
        <source>Every score you enter is recorded under this name.</source>
        <translation>您录入的每一项评分都会记录在此姓名下。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="75"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="76"/>
        <source>Organisation:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="77"/>
        <source>Panel role:</source>
        <translation>评估组职务：</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="78"/>
        <source>e.g. Zhang San</source>
        <translation>例如：张三</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="79"/>
        <source>e.g. Majiang County Education Bureau</source>
        <translation>例如：麻江县教育和科技局</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="80"/>
        <source>Panel member</source>
        <translation>评估组成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="81"/>
        <source>Panel chair</source>
        <translation>评估组组长</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/reviewer_dialog.py" line="101"/>
        <source>Cannot save the identity</source>
        <translation>无法保存身份信息</translation>
    </message>
</context>
<context>
    <name>SchoolListPage</name>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="200"/>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="201"/>
        <source>No school yet.

Import a school&apos;s evidence package (.wbpkg) with File › Import package…, or drop the file onto this window.</source>
        <translation>还没有学校。

请通过“文件 › 导入材料包…”导入学校的评估材料包（.wbpkg），或把文件拖放到本窗口。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="203"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="204"/>
        <source>Import package…</source>
        <translation>导入材料包…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="205"/>
        <source>Open demo school</source>
        <translation>打开演示学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="241"/>
        <source>The school list could not be read: %1</source>
        <translation>无法读取学校列表：%1</translation>
    </message>
</context>
<context>
    <name>SchoolTableModel</name>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="128"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="74"/>
        <source>Not started</source>
        <translation>尚未评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="76"/>
        <source>Demonstration school</source>
        <translation>示范校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="77"/>
        <source>Qualified</source>
        <translation>合格校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="78"/>
        <source>Not awarded</source>
        <translation>未达到合格标准</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="79"/>
        <source>Not evaluated</source>
        <translation>不予评估验收</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="83"/>
        <source>%1 (so far)</source>
        <translation>%1（暂定）</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="109"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="109"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="109"/>
        <source>Package</source>
        <translation>材料包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="109"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="110"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="110"/>
        <source>Outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="119"/>
        <source>v%1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/school_list.py" line="125"/>
        <source>Items you have scored, of all items in the rubric</source>
        <translation>您已评分的条目数 / 评估细则的全部条目数</translation>
    </message>
</context>
<context>
    <name>UndoActions</name>
    <message>
        <location filename="../../workbench/ui/undo_actions.py" line="0"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/undo_actions.py" line="0"/>
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/undo_actions.py" line="0"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/undo_actions.py" line="0"/>
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
</context>
</TS>
