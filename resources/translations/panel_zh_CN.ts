<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConsensusEditor</name>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="68"/>
        <source>Consensus (chair)</source>
        <translation>合议调整(组长)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="69"/>
        <source>Computed:</source>
        <translation>计算值:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="70"/>
        <source>Final value:</source>
        <translation>最终值:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="71"/>
        <source>Reason:</source>
        <translation>理由:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="72"/>
        <source>Why the panel settled on this value (required)</source>
        <translation>评估组确定此值的理由(必填)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="73"/>
        <source>Set final value</source>
        <translation>确定最终值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="74"/>
        <source>Use computed value</source>
        <translation>恢复计算值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="87"/>
        <source>Select an item in the grid.</source>
        <translation>请在表格中选择一个项目。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="96"/>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/consensus.py" line="122"/>
        <source>Write the reason first</source>
        <translation>请先填写理由</translation>
    </message>
</context>
<context>
    <name>PanelGridModel</name>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="75"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="77"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="80"/>
        <source>Computed</source>
        <translation>计算值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="80"/>
        <source>Final</source>
        <translation>最终值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="81"/>
        <source>Spread</source>
        <translation>极差</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="133"/>
        <source>Final value set by the chair: %1 (computed %2). Reason: %3</source>
        <translation>组长确定的最终值:%1(计算值 %2)。理由:%3</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="137"/>
        <source>Disagreement: the spread %1 is over the threshold.</source>
        <translation>分歧:极差 %1 超过标准。</translation>
    </message>
</context>
<context>
    <name>PanelPrintDialog</name>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="95"/>
        <source>评估验收结论表 — print preview</source>
        <translation>评估验收结论表 — 打印预览</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="96"/>
        <source>Sign PDF…</source>
        <translation>签署 PDF…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="97"/>
        <source>Open PDF…</source>
        <translation>打开 PDF…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="98"/>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="99"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="100"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="112"/>
        <source>Preparing the form…</source>
        <translation>正在生成结论表…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="114"/>
        <source>PDF signatures: %1</source>
        <translation>PDF 数字签名:%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="116"/>
        <source>Not signed yet: the chair signs the PDF first.</source>
        <translation>尚未签名:由组长首先签署 PDF。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="147"/>
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="152"/>
        <source>Open PDF</source>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="153"/>
        <location filename="../../workbench/ui/panel/print_preview.py" line="164"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="163"/>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="174"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>PanelView</name>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="213"/>
        <source>Panel — %1</source>
        <translation>评估组合议 — %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="215"/>
        <source>Method:</source>
        <translation>合议方法:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="216"/>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="216"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="216"/>
        <source>Trimmed mean</source>
        <translation>去掉最高最低分的平均值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="218"/>
        <source>Flag spread over:</source>
        <translation>分歧标准(极差超过):</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="219"/>
        <source>Share of an item&apos;s points; an item is flagged when max − min exceeds it</source>
        <translation>占该项分值的比例;最高分与最低分之差超过它即标为分歧项</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="220"/>
        <source>Quorum:</source>
        <translation>法定签名人数:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="221"/>
        <source>all</source>
        <translation>全体</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="222"/>
        <source>Add sheets…</source>
        <translation>添加评分表…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="223"/>
        <source>Collect members&apos; signed score sheets (files or a folder; or drop them here)</source>
        <translation>收集评估组成员签名的评分表(文件或文件夹;也可拖放到此处)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="224"/>
        <source>Trust…</source>
        <translation>信任证书…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="225"/>
        <source>Trust the bureau&apos;s CA certificate or a member&apos;s certificate</source>
        <translation>信任教育局的 CA 证书或成员的证书</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="226"/>
        <source>Merge sheets</source>
        <translation>合议汇总</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="227"/>
        <source>Merge the members&apos; sheets collected in this workspace</source>
        <translation>汇总本工作区已收集的评估组成员评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="228"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="229"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="230"/>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="231"/>
        <source>Only flagged items</source>
        <translation>只看分歧项</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="232"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="233"/>
        <source>Identity…</source>
        <translation>签名身份…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="234"/>
        <source>Panel opinion (评估组意见)</source>
        <translation>评估组意见</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="235"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="258"/>
        <source>Identity folder</source>
        <translation>签名身份文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="290"/>
        <source>Create or choose your signing identity first.</source>
        <translation>请先创建或选择您的签名身份。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="294"/>
        <source>Merged the members&apos; sheets.</source>
        <translation>已汇总成员评分表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="298"/>
        <source>Merging the members&apos; sheets…</source>
        <translation>正在汇总成员评分表…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="303"/>
        <source>Add members&apos; score sheets</source>
        <translation>添加成员评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="304"/>
        <source>Score sheets (*.json)</source>
        <translation>评分表 (*.json)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="307"/>
        <source>Collecting %1 file(s)…</source>
        <translation>正在收集 %1 个文件…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="312"/>
        <source>Trust a certificate</source>
        <translation>信任证书</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="313"/>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="321"/>
        <source>Sheets: %1</source>
        <translation>已收集评分表:%1 份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="322"/>
        <source> · conflicts: %1</source>
        <translation> · 冲突:%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="327"/>
        <source>Added %1, already collected %2, refused %3.</source>
        <translation>新增 %1 份,已收集过 %2 份,拒收 %3 份。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="359"/>
        <source>%1: final value %2</source>
        <translation>%1:最终值 %2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="367"/>
        <source>%1: computed value again</source>
        <translation>%1:已恢复计算值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="371"/>
        <source>Opinion updated</source>
        <translation>评估组意见已更新</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="379"/>
        <source>Recomputing…</source>
        <translation>正在重新计算…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="382"/>
        <source>Sign the panel result</source>
        <translation>签署合议结果</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="383"/>
        <source>Passphrase of your signing key:</source>
        <translation>签名密钥的口令:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="391"/>
        <source>Apply the opinion before signing: it is part of what is signed.</source>
        <translation>签名前请先应用评估组意见:它是签署内容的一部分。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="396"/>
        <source>Signed.</source>
        <translation>已签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="397"/>
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="401"/>
        <source>Open panel result</source>
        <translation>打开合议结果</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="402"/>
        <location filename="../../workbench/ui/panel/view.py" line="413"/>
        <source>Panel results (*.json)</source>
        <translation>合议结果 (*.json)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="404"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py"/>
        <source>Loaded the newest panel result in this workspace (%1 signature(s)).</source>
        <translation>已载入本工作区中最新的合议结果（签名 %1 个）。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="405"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="412"/>
        <source>Save panel result</source>
        <translation>保存合议结果</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="421"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="498"/>
        <source>No signing identity</source>
        <translation>没有签名身份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="501"/>
        <source>chair</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="501"/>
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="502"/>
        <source>You: %1 (%2, %3)</source>
        <translation>本人:%1(%2,%3)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="508"/>
        <source>No panel result yet: the chair merges the members&apos; sheets, a member opens the result the chair sent.</source>
        <translation>尚无合议结果:组长汇总成员评分表;成员打开组长发来的合议结果。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="510"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="515"/>
        <source>Krippendorff&apos;s α %1 · flagged items %2</source>
        <translation>评分一致性 Krippendorff α %1 · 分歧项 %2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="518"/>
        <source>demonstration school</source>
        <translation>示范校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="518"/>
        <source>qualified school</source>
        <translation>合格校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="519"/>
        <source>not awarded</source>
        <translation>未达到合格标准</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="519"/>
        <source>not evaluated</source>
        <translation>不予评估验收</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="521"/>
        <source>Revision %1 · final total %2 · %3 · %4 override(s)</source>
        <translation>第 %1 版 · 合议总分 %2 · %3 · 调整 %4 项</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="525"/>
        <source>Final: signed by the chair and %1 member(s) (quorum %2).</source>
        <translation>已定稿:组长及 %1 名成员已签名(法定人数 %2)。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="531"/>
        <source>Not final (quorum %1). Still to sign: %2</source>
        <translation>未定稿(法定人数 %1)。尚未签名:%2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="555"/>
        <source>Sign as chair…</source>
        <translation>以组长身份签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="555"/>
        <source>Co-sign…</source>
        <translation>会签…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="557"/>
        <source>Your identity is not the chair or a member of this panel</source>
        <translation>您的身份不是本评估组的组长或成员</translation>
    </message>
</context>
<context>
    <name>SignerModel</name>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="201"/>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="201"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="201"/>
        <source>Organisation</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="201"/>
        <source>Deviation</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="202"/>
        <source>Flagged</source>
        <translation>分歧项</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="202"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="211"/>
        <source>Chair</source>
        <translation>评估组组长</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="211"/>
        <source>Member</source>
        <translation>评估组成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="223"/>
        <source>signed %1</source>
        <translation>已签 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="224"/>
        <source>not signed</source>
        <translation>未签</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/ui/main_window.py"/>
        <source>P&amp;anel…</source>
        <translation>评估组合议(&amp;A)…</translation>
    </message>
</context>
</TS>
