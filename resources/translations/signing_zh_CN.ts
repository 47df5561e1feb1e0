<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>IdentityDialog</name>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="104" />
        <source>Create signing identity</source>
        <translation>创建签名身份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="105" />
        <source>Your signing key signs your score sheets and printed forms. It is kept in %1, encrypted with your passphrase; nobody can sign for you without it.</source>
        <translation>签名密钥用于对您的评分表和打印的表格进行数字签名。密钥保存在 %1,并以您的口令加密;没有口令,任何人都无法以您的名义签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="108" />
        <source>Name:</source>
        <translation>姓名:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="108" />
        <source>Organisation:</source>
        <translation>工作单位:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="108" />
        <source>Panel role:</source>
        <translation>评估组职务:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="109" />
        <source>Passphrase:</source>
        <translation>口令:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="109" />
        <source>Repeat passphrase:</source>
        <translation>再次输入口令:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="111" />
        <source>Panel member</source>
        <translation>评估组成员</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="112" />
        <source>Panel chair</source>
        <translation>评估组组长</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="113" />
        <source>at least %n characters</source>
        <translation>
            <numerusform>至少 %n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="115" />
        <source>Replace the existing identity (fingerprint %1); sheets signed with it stay valid</source>
        <translation>替换现有身份(证书指纹 %1);已用其签名的评分表仍然有效</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="117" />
        <source>Handwritten signature (optional, printed on your forms):</source>
        <translation>手写签名(可选,将打印在您的表格上):</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="126" />
        <source>Give your name and organisation.</source>
        <translation>请填写姓名和工作单位。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="128" />
        <source>The passphrase needs at least %n characters.</source>
        <translation>
            <numerusform>口令至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="130" />
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="132" />
        <source>An identity exists already: tick the box to replace it.</source>
        <translation>已存在签名身份:如需替换,请勾选上面的选项。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="147" />
        <source>Creating the key…</source>
        <translation>正在生成密钥…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/identity_dialog.py" line="159" />
        <source>Cannot create the identity</source>
        <translation>无法创建签名身份</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="123" />
        <source>Evaluation form — %1</source>
        <translation>评估打分表 — %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="124" />
        <source>Sign…</source>
        <translation>签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="125" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="126" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="127" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="139" />
        <source>Preparing the form…</source>
        <translation>正在生成表格…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="141" />
        <source>Signed. The PDF carries your digital signature and the signed score sheet.</source>
        <translation>已签名。PDF 含有您的数字签名和已签名的评分表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="143" />
        <source>Draft: not signed yet. Sign to produce the form the bureau accepts.</source>
        <translation>草稿:尚未签名。签名后生成可提交教育局的正式表格。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="148" />
        <source>Create your signing identity first</source>
        <translation>请先创建签名身份</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="167" />
        <source>Cannot prepare the form</source>
        <translation>无法生成表格</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="186" />
        <source>Sign the score sheet</source>
        <translation>签署评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="187" />
        <source>Passphrase of your signing key:</source>
        <translation>签名密钥的口令:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="193" />
        <source>Incomplete scores</source>
        <translation>评分未完成</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="194" />
        <source>Some items are not scored. Sign a provisional sheet anyway?</source>
        <translation>有项目尚未评分。仍要签署一份临时评分表吗?</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="199" />
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="208" />
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="208" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="214" />
        <source>Cannot save the PDF</source>
        <translation>无法保存 PDF</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="216" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="0" />
        <source>Appendix: on-site photos</source>
        <translation>附录：现场照片</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/signing/print_dialog.py" line="0" />
        <source>Appendix: on-site photos (%n)</source>
        <translation>
            <numerusform>附录：现场照片（%n 张）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="0" />
        <source>Print the photos attached to this school after the form, with indicator, capture time and SHA-256</source>
        <translation>在评估表之后打印本校附加的现场照片，并注明指标、拍摄时间和 SHA-256</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="0" />
        <source>Signed score sheet. Sign the PDF to add your digital signature to it.</source>
        <translation>评分表已签名。签署 PDF 可将您的数字签名加入 PDF。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="0" />
        <source>Signed evaluation form (PDF)</source>
        <translation>已签名的评估打分表（PDF）</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/print_dialog.py" line="0" />
        <source>Draft evaluation form (PDF)</source>
        <translation>评估打分表草稿（PDF）</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../workbench/ui/signing/signature_pad.py" line="225" />
        <source>Handwritten signature</source>
        <translation>手写签名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/signature_pad.py" line="226" />
        <source>Sign in the box with the mouse, a pen or your finger. The signature is printed on your evaluation forms.</source>
        <translation>请用鼠标、手写笔或手指在框内签名。签名将打印在您的评估表上。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/signature_pad.py" line="229" />
        <source>A signature is already stored; saving replaces it.</source>
        <translation>已保存过签名;保存将替换原签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/signature_pad.py" line="230" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/signature_pad.py" line="244" />
        <source>Cannot save the signature</source>
        <translation>无法保存签名</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../workbench/ui/signing/signature_pad.py" line="175" />
        <source>The signature is empty: draw it first</source>
        <translation>签名为空:请先在框内签名</translation>
    </message>
</context>
<context>
    <name>RevokedSigner</name>
    <message>
        <location filename="../../workbench/ui/signing/revocation.py" line="24" />
        <source>Your certificate was revoked on %1: it signs nothing new. Ask the education bureau for a new certificate: create a new signing identity and have the bureau issue it.</source>
        <translation>您的证书已于 %1 被吊销，不能再签署任何新内容。请向教育局申请新证书：新建签名身份，并请教育局签发。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signing/revocation.py" line="27" />
        <source>Checking your certificate…</source>
        <translation>正在核对您的证书…</translation>
    </message>
</context>
</TS>