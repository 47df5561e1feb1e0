<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BundleDrop</name>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="58"/>
        <source>A sync bundle is already being imported: %1.</source>
        <translation>正在导入另一个同步包:%1。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="63"/>
        <source>Importing the sync bundle %1…</source>
        <translation>正在导入同步包 %1…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="72"/>
        <source>Importing the sync bundle %1: document %2 of %3…</source>
        <translation>正在导入同步包 %1:第 %2 份文档,共 %3 份…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="104"/>
        <source>%1: received %2, already here %3, yours %4, refused %5, photos %6.</source>
        <translation>%1:收到 %2 份,本机已有 %3 份,本机自己的 %4 份,拒收 %5 份,照片 %6 张。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="109"/>
        <source>Refused: %1</source>
        <translation>拒收原因:%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="119"/>
        <source>%1 was not imported: it was made for a school that is not in this workspace. Nothing was changed.</source>
        <translation>%1 未导入:它是为本工作区中没有的学校制作的,未作任何更改。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="122"/>
        <source>%1 was not imported: it was changed, is incomplete or is not a sync bundle. Nothing was changed; export it again on the laptop that made it.</source>
        <translation>%1 未导入:同步包已被篡改、不完整或不是同步包,未作任何更改;请在制作它的电脑上重新导出。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_drop.py" line="125"/>
        <source>%1 was not imported: %2</source>
        <translation>%1 未导入:%2</translation>
    </message>
</context>
</TS>
