<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EnsureIdentity</name>
    <message>
        <location filename="../../workbench/ui/signing/ensure_identity.py" line="0" />
        <source>Signing needs your signing identity. Create it now; signing continues when it is made.</source>
        <translation>签名需要您的签名身份。请现在创建；创建完成后将继续签名。</translation>
    </message>
</context>
<context>
    <name>SavedNotice</name>
    <message>
        <location filename="../../workbench/ui/export/confirm.py" line="0" />
        <source>%1 saved: %2</source>
        <translation>%1已保存：%2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/confirm.py" line="0" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/confirm.py" line="0" />
        <source>%1 saved as %2 in the folder %3.</source>
        <translation>%1已保存为 %2，位于文件夹 %3。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/confirm.py" line="0" />
        <source>Open containing folder</source>
        <translation>打开所在文件夹</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Cancelled; nothing was saved.</source>
        <translation>已取消，未保存任何文件。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Set the reviewer first (Reviewer › Identity…).</source>
        <translation>请先设置评估人（评估人 › 身份信息…）。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Incomplete scores</source>
        <translation>评分未完成</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>%n item(s) are not scored. Sign a provisional sheet anyway? It is marked as not final.</source>
        <translation>
            <numerusform>有 %n 项未评分。仍要签署临时评分表吗？该表将标明为非最终结果。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Sign the score sheet</source>
        <translation>签署评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Passphrase of your signing key (revision %1):</source>
        <translation>签名密钥的口令（第 %1 版）：</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Reading the scores…</source>
        <translation>正在读取评分…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Save signed score sheet</source>
        <translation>保存签名评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Signed score sheets (*.json)</source>
        <translation>签名评分表 (*.json)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Signing and saving…</source>
        <translation>正在签名并保存…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Revision %1, total %2%3.</source>
        <translation>第 %1 版，总分 %2%3。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source> (provisional)</source>
        <translation>（临时结果）</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Signed now. </source>
        <translation>已签名。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Signed score sheet</source>
        <translation>签名评分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Export which signed score sheets to Excel?</source>
        <translation>将哪些已签名的评分表导出到 Excel？</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>This school (%1)</source>
        <translation>本校（%1）</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>All signed schools</source>
        <translation>所有已签名学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Exporting to Excel…</source>
        <translation>正在导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>%1 score sheet(s) of %2 school(s).</source>
        <translation>共 %2 所学校的 %1 份评分表。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>Excel workbook</source>
        <translation>Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>There are no signed score sheets to export yet. Sign a school's scores first (File › Save signed score sheet…).</source>
        <translation>还没有可导出的已签名评分表。请先签署学校的评分（文件 › 保存签名评分表…）。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/export/actions.py" line="0" />
        <source>A save or export is running; wait for it or cancel it.</source>
        <translation>正在保存或导出；请等待完成或取消。</translation>
    </message>
</context>
<context>
    <name>PanelPrintDialog</name>
    <message>
        <location filename="../../workbench/ui/panel/print_preview.py" line="0" />
        <source>评估验收结论表 (PDF)</source>
        <translation>评估验收结论表（PDF）</translation>
    </message>
</context>
<context>
    <name>PanelView</name>
    <message>
        <location filename="../../workbench/ui/panel/view.py" line="0" />
        <source>Panel result</source>
        <translation>合议结果</translation>
    </message>
</context>
</TS>
