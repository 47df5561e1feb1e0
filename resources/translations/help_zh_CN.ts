<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>User guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>Workbench version %1 · data folder: %2</source>
        <translation>评估工作台 版本 %1 · 数据文件夹：%2</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <source>Open this address outside the workbench?
%1</source>
        <translation>要在评估工作台之外打开此地址吗？
%1</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>The shortcuts of this window, as its menus have them now:</source>
        <translation>本窗口菜单中现有的快捷键：</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
</context>
<context>
    <name>ShortcutsTip</name>
    <message>
        <source>Tip: keyboard shortcuts</source>
        <translation>提示：键盘快捷键</translation>
    </message>
    <message>
        <source>The review goes faster with the keyboard:</source>
        <translation>用键盘评估更快：</translation>
    </message>
    <message>
        <source>Help › Keyboard shortcuts shows them again; Help › User guide explains each step.</source>
        <translation>帮助 › 键盘快捷键 可以再次查看；帮助 › 使用指南 介绍每一步操作。</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>All shortcuts…</source>
        <translation>全部快捷键…</translation>
    </message>
</context>
<context>
    <name>LiveRefresh</name>
    <message>
        <source>Loaded changes made outside this window.</source>
        <translation>已载入在本窗口之外所做的修改。</translation>
    </message>
</context>
</TS>
