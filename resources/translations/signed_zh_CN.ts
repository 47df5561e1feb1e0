<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SignedGuard</name>
    <message>
        <location filename="../../workbench/ui/review/signed_guard.py" line="28"/>
        <source>This school&apos;s scores are signed (revision %1). Your changes will become revision %2 when you sign again; the signed revision stays as it is. Continue editing?</source>
        <translation>本校评分已签名（第 %1 版）。修改将在再次签名时生成第 %2 版，原签名版本保留不变。继续修改？</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/signed_guard.py" line="52"/>
        <source>Signed scores</source>
        <translation>评分已签名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/signed_guard.py" line="56"/>
        <source>Continue editing</source>
        <translation>继续修改</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/signed_guard.py" line="57"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SignedState</name>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="27"/>
        <source>Signed · revision %1</source>
        <translation>已签名 第 %1 版</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="29"/>
        <source>Signed · revision %1 · %2</source>
        <translation>已签名 第 %1 版 · %2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="32"/>
        <source>Changed after signing</source>
        <translation>签名后已修改</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="33"/>
        <source>Unsigned</source>
        <translation>未签名</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="38"/>
        <source>The scores are signed and unchanged since (sheet %1).</source>
        <translation>评分已签名，签名后未修改（评分表 %1）。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="41"/>
        <source>Scores were changed after revision %1 was signed. Signing again makes revision %2; the signed revision stays as it is.</source>
        <translation>第 %1 版签名后评分已修改。再次签名将生成第 %2 版，原签名版本保留不变。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/signed_badge.py" line="45"/>
        <source>Not signed yet: printed forms are drafts.</source>
        <translation>尚未签名：打印的表格为草稿。</translation>
    </message>
</context>
</TS>
