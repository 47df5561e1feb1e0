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
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="95"/>
        <source>Certificate revoked on %1; this sheet was signed before it and is counted: the panel decides.</source>
        <translation>证书已于 %1 吊销;此评分表签于吊销之前,已计入合议,由评估组决定是否采用。</translation>
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
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="150"/>
        <source>Signed but not counted: %1 (✕ in the list).</source>
        <translation>已签但不计入：%1（见列表中 ✕）。</translation>
    </message>
</context>
<context>
    <name>PanelView</name>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="131"/>
        <source>Panel — %1</source>
        <translation>评估组合议 — %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="290"/>
        <source>Create or choose your signing identity first.</source>
        <translation>请先创建或选择您的签名身份。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="40"/>
        <source>Merging the members&apos; sheets…</source>
        <translation>正在汇总成员评分表…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/collecting.py" line="30"/>
        <source>Collecting %1 file(s)…</source>
        <translation>正在收集 %1 个文件…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/collecting.py" line="43"/>
        <source>Added %1, already collected %2, refused %3.</source>
        <translation>新增 %1 份,已收集过 %2 份,拒收 %3 份。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="70"/>
        <source>%1: final value %2</source>
        <translation>%1:最终值 %2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="78"/>
        <source>%1: computed value again</source>
        <translation>%1:已恢复计算值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="82"/>
        <source>Opinion updated</source>
        <translation>评估组意见已更新</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="90"/>
        <source>Recomputing…</source>
        <translation>正在重新计算…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="100"/>
        <source>Apply the opinion before signing: it is part of what is signed.</source>
        <translation>签名前请先应用评估组意见:它是签署内容的一部分。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="105"/>
        <source>Signed.</source>
        <translation>已签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="106"/>
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="111"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="112"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="125"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="268"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="46"/>
        <source>Merged %1 member sheet(s).</source>
        <translation>已合议汇总 %1 份成员评分表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="48"/>
        <source> Not counted: %1 refused sheet(s), see the list.</source>
        <translation>不计入:%1 份被拒的评分表,见下方列表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="50"/>
        <source> ⚠ %1 sheet(s) counted although the certificate was revoked afterwards: the panel decides.</source>
        <translation>⚠ %1 份评分表的证书在签名后被吊销,仍已计入:由评估组决定。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/document_actions.py" line="129"/>
        <source>Panel result</source>
        <translation>合议结果</translation>
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
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="246"/>
        <source>Certificate revoked on %1; signed before it: the panel decides.</source>
        <translation>证书已于 %1 吊销;签名在吊销之前,由评估组决定。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="246"/>
        <source>✕ not counted</source>
        <translation>✕ 不计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="266"/>
        <source>Certificate revoked on %1; this signature is dated %2, but this workspace first saw it at %3, after the revocation: only the signer&apos;s own clock says it came before, so it is not counted.</source>
        <translation>证书已于 %1 吊销；此签名自称签于 %2，但本工作区直到 %3（吊销之后）才首次见到它：只有签名者自己的时钟说它在吊销之前，因此不计入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="270"/>
        <source>Certificate revoked on %1; this signature is dated %2, but no one saw it before the revocation: only the signer&apos;s own clock says it came before, so it is not counted.</source>
        <translation>证书已于 %1 吊销；此签名自称签于 %2，但吊销之前无人见证过它：只有签名者自己的时钟说它在吊销之前，因此不计入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="273"/>
        <source>This signature is in the result but is not counted.</source>
        <translation>此签名在合议结果中，但不计入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="275"/>
        <source>The signer asks the education bureau for a new certificate; the chair makes a new revision and the signer signs it with the new certificate.</source>
        <translation>请签名者向教育局申请新证书；组长另出新修订版，由签名者用新证书重新签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/models.py" line="277"/>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
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
<context>
    <name>PanelControls</name>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="72"/>
        <source>Method:</source>
        <translation>合议方法:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="73"/>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="73"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="73"/>
        <source>Trimmed mean</source>
        <translation>去掉最高最低分的平均值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="75"/>
        <source>Flag spread over:</source>
        <translation>分歧标准(极差超过):</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="76"/>
        <source>Share of an item&apos;s points; an item is flagged when max − min exceeds it</source>
        <translation>占该项分值的比例;最高分与最低分之差超过它即标为分歧项</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="77"/>
        <source>Quorum:</source>
        <translation>法定签名人数:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="78"/>
        <source>all</source>
        <translation>全体</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="79"/>
        <source>Add sheets…</source>
        <translation>添加评分表…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="80"/>
        <source>Collect members&apos; signed score sheets (files or a folder; or drop them here)</source>
        <translation>收集评估组成员签名的评分表(文件或文件夹;也可拖放到此处)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="81"/>
        <source>Trust…</source>
        <translation>信任证书…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="82"/>
        <source>Trust the bureau&apos;s CA certificate or a member&apos;s certificate</source>
        <translation>信任教育局的 CA 证书或成员的证书</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="2"/>
        <source>Merge sheets</source>
        <translation>合议汇总</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="84"/>
        <source>Merge the members&apos; sheets collected in this workspace</source>
        <translation>汇总本工作区已收集的评估组成员评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="85"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="86"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="87"/>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="101"/>
        <source>Sheets: %1</source>
        <translation>已收集评分表:%1 份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="103"/>
        <source> · conflicts: %1</source>
        <translation> · 冲突:%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="105"/>
        <source> · refused: %1</source>
        <translation> · 拒收 %1 份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/controls.py" line="107"/>
        <source> · ⚠ revoked certificate: %1</source>
        <translation> · ⚠ 证书已吊销:%1 份</translation>
    </message>
</context>
<context>
    <name>PanelDialogs</name>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="19"/>
        <source>Add members&apos; score sheets</source>
        <translation>添加成员评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="20"/>
        <source>Score sheets (*.json)</source>
        <translation>评分表 (*.json)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="25"/>
        <source>Trust a certificate</source>
        <translation>信任证书</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="26"/>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="31"/>
        <source>Identity folder</source>
        <translation>签名身份文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="36"/>
        <source>Open panel result</source>
        <translation>打开合议结果</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="37"/>
        <source>Panel results (*.json)</source>
        <translation>合议结果 (*.json)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="42"/>
        <source>Save panel result</source>
        <translation>保存合议结果</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="47"/>
        <source>Sign the panel result</source>
        <translation>签署合议结果</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/dialogs.py" line="47"/>
        <source>Passphrase of your signing key:</source>
        <translation>签名密钥的口令:</translation>
    </message>
</context>
<context>
    <name>LatestFollower</name>
    <message>
        <location filename="../../workbench/ui/panel/follow.py" line="76"/>
        <source>Loaded the newest panel result in this workspace (%1 signature(s)).</source>
        <translation>已载入本工作区中最新的合议结果（签名 %1 个）。</translation>
    </message>
</context>
<context>
    <name>GridPane</name>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="61"/>
        <source>Only flagged items</source>
        <translation>只看分歧项</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="100"/>
        <source>Krippendorff&apos;s α %1 · flagged items %2</source>
        <translation>评分一致性 Krippendorff α %1 · 分歧项 %2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="103"/>
        <source>demonstration school</source>
        <translation>示范校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="103"/>
        <source>qualified school</source>
        <translation>合格校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="104"/>
        <source>not awarded</source>
        <translation>未达到合格标准</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="104"/>
        <source>not evaluated</source>
        <translation>不予评估验收</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/grid_pane.py" line="106"/>
        <source>Revision %1 · final total %2 · %3 · %4 override(s)</source>
        <translation>第 %1 版 · 合议总分 %2 · %3 · 调整 %4 项</translation>
    </message>
</context>
<context>
    <name>OpinionBox</name>
    <message>
        <location filename="../../workbench/ui/panel/opinion.py" line="24"/>
        <source>Panel opinion (评估组意见)</source>
        <translation>评估组意见</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/opinion.py" line="25"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
</context>
<context>
    <name>SheetListModel</name>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="38"/>
        <source>signed after its certificate was revoked</source>
        <translation>签名时证书已被吊销</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="39"/>
        <source>A revoked certificate signs nothing new: the member asks the bureau for a new certificate and signs the sheet again.</source>
        <translation>已吊销的证书不能再签名:请该评估组成员向教育局申领新证书,重新签名评分表后再提交。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="41"/>
        <source>the signer&apos;s certificate is not trusted here</source>
        <translation>签名者的证书未被本机信任</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="42"/>
        <source>Trust the bureau&apos;s CA certificate or the member&apos;s certificate (Trust…), then add the sheet again.</source>
        <translation>请先信任教育局的 CA 证书或该成员的证书(信任证书…),再重新添加评分表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="44"/>
        <source>the signature does not verify</source>
        <translation>签名验证未通过</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="45"/>
        <source>The file was changed after signing: ask the member for the original file.</source>
        <translation>文件在签名后被改动:请向该成员索取原始文件。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="47"/>
        <source>not every item is scored</source>
        <translation>尚有未打分的评估要求</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="48"/>
        <source>The member scores every item and signs again.</source>
        <translation>请该成员为全部评估要求打分后重新签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="49"/>
        <source>not signed with a member&apos;s certificate</source>
        <translation>不是用评估组成员证书签名的</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="50"/>
        <source>A member&apos;s sheet is signed with a member certificate.</source>
        <translation>成员评分表须用评估组成员证书签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="51"/>
        <source>a sheet of another school</source>
        <translation>这是其他学校的评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="52"/>
        <source>Add it in that school&apos;s panel view.</source>
        <translation>请在该校的评估组合议窗口中添加。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="53"/>
        <source>scored an older version of the evidence package</source>
        <translation>评分依据的是旧版材料包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="54"/>
        <source>The member scores the newest package and signs again.</source>
        <translation>请该成员按最新材料包评分后重新签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="55"/>
        <source>not a revision of the member&apos;s sheet already collected</source>
        <translation>不是已收集评分表的修订版</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="56"/>
        <source>The member revises the sheet already sent and signs again.</source>
        <translation>请该成员在已提交的评分表上修订并重新签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="58"/>
        <source>scored with a rubric this laptop does not have</source>
        <translation>所用评估细则未安装在本机</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="59"/>
        <source>Install the rubric the sheet names, then add it again.</source>
        <translation>请安装评分表所用的评估细则后重新添加。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="61"/>
        <source>the file is not a valid score sheet</source>
        <translation>文件不是有效的评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="62"/>
        <source>Ask the member for the signed sheet file again.</source>
        <translation>请向该成员重新索取签名的评分表文件。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="75"/>
        <source>✓ counted</source>
        <translation>✓ 计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="75"/>
        <source>⚠ counted</source>
        <translation>⚠ 计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="75"/>
        <source>✕ refused</source>
        <translation>✕ 不计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="76"/>
        <source>✕ not added</source>
        <translation>✕ 未收入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="76"/>
        <source>✕ conflict</source>
        <translation>✕ 冲突</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="76"/>
        <source>not counted</source>
        <translation>不计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="82"/>
        <source>signed %1</source>
        <translation>签于 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="84"/>
        <source>certificate revoked on %1; signed before it, at %2: counted, the panel decides</source>
        <translation>证书已于 %1 吊销;此表签于吊销之前(%2),计入合议,由评估组决定</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="87"/>
        <source>certificate revoked on %1; signed after it, at %2: not counted in the merge</source>
        <translation>证书已于 %1 吊销;此表签于吊销之后(%2),不计入合议</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="92"/>
        <source>the member&apos;s revisions do not form one chain: the merge waits</source>
        <translation>该成员的修订版本不连贯:暂不能合议汇总</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="99"/>
        <source>The sheet was signed before the revocation, so it is merged; the panel decides whether to keep it, or asks the member to sign again with a new certificate.</source>
        <translation>此评分表签于证书吊销之前,已计入合议;由评估组决定是否采用,或请该成员用新证书重新签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="106"/>
        <source>Collect the missing revision, or ask the member which sheet is current.</source>
        <translation>请补收缺少的修订版,或向该成员确认哪一份是当前版本。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="140"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="140"/>
        <source>Member</source>
        <translation>评估组成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="140"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="97"/>
        <source>What</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="172"/>
        <source>Certificate %1</source>
        <translation>证书 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="174"/>
        <source>Details: %1</source>
        <translation>详细信息:%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="42"/>
        <source>dated before its certificate was revoked, but received only after it</source>
        <translation>签名日期早于证书吊销,但吊销后才收到</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="44"/>
        <source>Only the signer&apos;s own clock says it was signed before the revocation: ask the member to sign again with the new certificate.</source>
        <translation>只有签名者自己的时钟表明此表签于吊销之前,无人见证:请该成员用新证书重新签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="90"/>
        <source>certificate revoked on %1; signed before it, at %2, and received by the hub before the revocation: counted, the panel decides</source>
        <translation>证书已于 %1 吊销;此表签于吊销之前(%2),中心于吊销前已收到,计入合议,由评估组决定</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="94"/>
        <source>certificate revoked on %1; signed before it, at %2, and received at %3: counted, the panel decides</source>
        <translation>证书已于 %1 吊销;此表签于吊销之前(%2),于 %3 已收到,计入合议,由评估组决定</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheet_model.py" line="101"/>
        <source>certificate revoked on %1; dated %2, but first received at %3, after the revocation: not counted in the merge</source>
        <translation>证书已于 %1 吊销;此表所署日期为 %2,但于吊销之后(%3)才收到,不计入合议</translation>
    </message>
</context>
<context>
    <name>SheetsPane</name>
    <message>
        <location filename="../../workbench/ui/panel/sheets_pane.py" line="71"/>
        <source>Collected sheets (the merge counts those marked ✓ and ⚠):</source>
        <translation>已收集的评分表(合议汇总计入标 ✓ 和 ⚠ 的):</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheets_pane.py" line="86"/>
        <source>No member sheets collected yet: Add sheets…, or drop them here.</source>
        <translation>尚未收集成员评分表:点“添加评分表…”,或拖放到此处。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheets_pane.py" line="89"/>
        <source>%1 sheet(s) counted in the merge.</source>
        <translation>%1 份评分表计入合议。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/sheets_pane.py" line="94"/>
        <source>%1: %2</source>
        <translation>%1:%2</translation>
    </message>
</context>
<context>
    <name>SignaturesBox</name>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="24"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="57"/>
        <source>Identity…</source>
        <translation>签名身份…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="69"/>
        <source>chair</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="69"/>
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="75"/>
        <source>No signing identity</source>
        <translation>没有签名身份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="78"/>
        <source>You: %1 (%2, %3)</source>
        <translation>本人:%1(%2,%3)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="81"/>
        <source>No panel result yet: the chair merges the members&apos; sheets, a member opens the result the chair sent.</source>
        <translation>尚无合议结果:组长汇总成员评分表;成员打开组长发来的合议结果。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="86"/>
        <source>Final: signed by the chair and %1 member(s) (quorum %2).</source>
        <translation>已定稿:组长及 %1 名成员已签名(法定人数 %2)。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="91"/>
        <source>Not final (quorum %1). Still to sign: %2</source>
        <translation>未定稿(法定人数 %1)。尚未签名:%2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="95"/>
        <source>Sign as chair…</source>
        <translation>以组长身份签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="95"/>
        <source>Co-sign…</source>
        <translation>会签…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="97"/>
        <source>Your identity is not the chair or a member of this panel</source>
        <translation>您的身份不是本评估组的组长或成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="101"/>
        <source>Your certificate was revoked on %1: it signs nothing new. Ask the education bureau for a new certificate: create a new signing identity and have the bureau issue it.</source>
        <translation>您的证书已于 %1 被吊销，不能再签署任何新内容。请向教育局申请新证书：新建签名身份，并请教育局签发。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/signatures.py" line="97"/>
        <source>Signed but not counted: %1 (✕ in the table).</source>
        <translation>已签但不计入：%1（见表中 ✕）。</translation>
    </message>
</context>
<context>
    <name>PdfSignatureModel</name>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="48"/>
        <source>Signer</source>
        <translation>签名者</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="48"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="48"/>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="48"/>
        <source>Counted</source>
        <translation>是否计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="66"/>
        <source>✕ refused</source>
        <translation>✕ 已拒绝</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="68"/>
        <source>✕ not counted</source>
        <translation>✕ 不计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="69"/>
        <source>⚠ counted</source>
        <translation>⚠ 计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="69"/>
        <source>✓ counted</source>
        <translation>✓ 计入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="76"/>
        <source>Certificate revoked on %1; this PDF signature was made at %2, after the revocation: it is refused and not counted.</source>
        <translation>证书已于 %1 吊销；此 PDF 签名签于 %2，在吊销之后：已拒绝，不计入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="78"/>
        <source>A revoked certificate signs nothing new: the signer asks the education bureau for a new certificate and signs a newly printed form with it.</source>
        <translation>被吊销的证书不能再签署任何内容：请签名者向教育局申请新证书，并用新证书签署重新打印的结论表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="81"/>
        <source>Certificate revoked on %1; this PDF signature is dated %2, but no one saw it before the revocation: only the signer&apos;s own clock says it came before, so it is not counted.</source>
        <translation>证书已于 %1 吊销；此 PDF 签名自称签于 %2，但吊销之前无人见证过它：只有签名者自己的时钟说它在吊销之前，因此不计入。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="83"/>
        <source>The signer asks the education bureau for a new certificate; the chair prints the form from a new revision and the signer signs it with the new certificate.</source>
        <translation>请签名者向教育局申请新证书；组长按新修订版重新打印结论表，由签名者用新证书签署。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="86"/>
        <source>Certificate revoked on %1; signed before it: the panel decides.</source>
        <translation>证书已于 %1 吊销；签名在吊销之前，由评估组决定。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="89"/>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="92"/>
        <source>chair</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panel/pdf_signatures.py" line="92"/>
        <source>member</source>
        <translation>成员</translation>
    </message>
</context>
</TS>
