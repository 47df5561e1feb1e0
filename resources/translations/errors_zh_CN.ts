<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../workbench/ui/error_text.py" line="48" />
        <source>An unexpected error happened: %1</source>
        <translation>发生了意外错误：%1</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="18" />
        <source>The passphrase is wrong.</source>
        <translation>口令不正确。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="19" />
        <source>Type the passphrase chosen when the identity was created.</source>
        <translation>请输入创建签名身份时设置的口令。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="20" />
        <source>The evidence package is damaged or not a valid package.</source>
        <translation>材料包已损坏，或不是有效的评估材料包。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="21" />
        <source>Ask the school for a new copy of the package; nothing was imported.</source>
        <translation>请向学校重新索取材料包；本次未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="23" />
        <source>The workspace is read-only: the change was not saved.</source>
        <translation>工作区是只读的：本次修改未保存。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="24" />
        <source>Open a workspace folder you may write to.</source>
        <translation>请打开一个有写入权限的工作区文件夹。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="25" />
        <source>The file cannot be written: the folder is read-only.</source>
        <translation>无法写入文件：该文件夹是只读的。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="26" />
        <source>Choose a folder you may write to; the previous file is unchanged.</source>
        <translation>请选择有写入权限的文件夹；原有文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="27" />
        <source>The file cannot be replaced: another program has it open.</source>
        <translation>无法替换该文件：另一个程序正打开着它。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="28" />
        <source>Close it in that program (a PDF reader, Excel) or choose another name; the previous file is unchanged.</source>
        <translation>请在该程序（如 PDF 阅读器、Excel）中关闭它，或换一个文件名；原有文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="27" />
        <source>The disk is full: nothing was saved.</source>
        <translation>磁盘已满：没有保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="28" />
        <source>Free some disk space or choose another drive, then try again.</source>
        <translation>请清理磁盘空间或换一个磁盘后重试。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="29" />
        <source>The workspace database is damaged.</source>
        <translation>工作区数据库已损坏。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="30" />
        <source>Restore the workspace folder from a backup.</source>
        <translation>请从备份恢复工作区文件夹。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="31" />
        <source>The signer's certificate is not trusted on this laptop.</source>
        <translation>签名人的证书在本机不受信任。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="32" />
        <source>Add the education bureau's CA certificate or the reviewer's certificate as trusted, then check again.</source>
        <translation>请将教育局的 CA 证书或评估组成员的证书添加为受信任证书，然后重新验证。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="34" />
        <source>The signature does not verify: the file was changed after signing or is not signed.</source>
        <translation>签名验证未通过：文件在签名后被修改过，或没有签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="36" />
        <source>Ask the signer for the original file.</source>
        <translation>请向签名人索取原始文件。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="37" />
        <source>Your certificate is revoked: it signs nothing new. Nothing was signed or queued.</source>
        <translation>您的证书已被吊销，不能再签署任何新内容。本次未签名，也未加入待发送队列。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="39" />
        <source>Ask the education bureau for a new certificate: create a new signing identity and have the bureau issue it.</source>
        <translation>请向教育局申请新证书：新建签名身份，再由教育局为其签发证书。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="56" />
        <source>An unexpected error happened: %1</source>
        <translation>发生了意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/error_text.py" line="57" />
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
</context>
</TS>