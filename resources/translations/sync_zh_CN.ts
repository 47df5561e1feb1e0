<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="65"/>
        <source>Conflict: %1</source>
        <translation>冲突:%1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="68"/>
        <source>The hub already holds revision %1 of this document with other contents. Both versions are kept; nothing was overwritten.</source>
        <translation>服务器上已有此文档的第 %1 版,内容不同。两个版本都已保留,没有任何内容被覆盖。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="79"/>
        <source>%n item(s) differ.</source>
        <translation><numerusform>有 %n 项不同。</numerusform></translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="81"/>
        <source>What to do: if the hub&apos;s version is yours (signed on another laptop), open the school, check the scores and sign again: the new revision replaces both. If the hub&apos;s version is not yours, tell the hub&apos;s administrator. Retry sends this same document again; Do not send stops sending it.</source>
        <translation>怎么办:如果服务器上的版本是您本人(在另一台电脑上)签署的,请打开该学校,核对评分后重新签署:新版本将取代两者。如果服务器上的版本不是您的,请告知服务器管理员。“重试”会再次发送同一文档;“不再发送”则停止发送。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="86"/>
        <source>The hub did not let this laptop read its version.</source>
        <translation>服务器未允许本机读取其版本。</translation>
    </message>
</context>
<context>
    <name>DiffModel</name>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="40"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="40"/>
        <source>Mine (this laptop)</source>
        <translation>我的(本机)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="40"/>
        <source>The hub&apos;s</source>
        <translation>服务器上的</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="44"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="44"/>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/conflict_dialog.py" line="45"/>
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
</context>
<context>
    <name>HubSettingsDialog</name>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="30"/>
        <source>Hub settings</source>
        <translation>同步服务器设置</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="40"/>
        <source>64 hexadecimal digits, as the hub&apos;s screen shows them</source>
        <translation>64 位十六进制数字,与服务器屏幕上显示的一致</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="47"/>
        <source>Address:</source>
        <translation>地址:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="48"/>
        <source>Fingerprint:</source>
        <translation>指纹:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="49"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="49"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="57"/>
        <source>Hubs this laptop sends to and fetches from, in order:</source>
        <translation>本机依次发送和接收数据的服务器:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/hub_settings.py" line="70"/>
        <source>not pinned</source>
        <translation>未固定指纹</translation>
    </message>
</context>
<context>
    <name>JoinHubDialog</name>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="131"/>
        <source>Join a hub nearby</source>
        <translation>加入附近的服务器</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="138"/>
        <source>Search again</source>
        <translation>重新搜索</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="140"/>
        <source>Type the first four groups of the fingerprint that the chair&apos;s screen shows. Join only when they match: a hub with another fingerprint is refused.</source>
        <translation>请输入组长屏幕上显示的指纹的前四组。只有一致时才能加入:指纹不同的服务器会被拒绝。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="151"/>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="159"/>
        <source>Hubs on this network:</source>
        <translation>本网络中的服务器:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="184"/>
        <source>Looking for hubs on this network…</source>
        <translation>正在本网络中查找服务器…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="192"/>
        <source>%1 — %2 — schools: %3</source>
        <translation>%1 — %2 — 学校:%3</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="196"/>
        <source>%n hub(s) found.</source>
        <translation><numerusform>找到 %n 个服务器。</numerusform></translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="197"/>
        <source>No hub found. Is the chair&apos;s panel hub started, on the same Wi-Fi?</source>
        <translation>未找到服务器。组长的评估组服务器是否已启动,且在同一 Wi-Fi 中?</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="205"/>
        <source>Checking the hub&apos;s certificate…</source>
        <translation>正在核对服务器证书…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="214"/>
        <source>Joined: this laptop now syncs with this hub (fingerprint pinned).</source>
        <translation>已加入:本机将与此服务器同步(指纹已固定)。</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="25"/>
        <source>waiting</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="26"/>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="27"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="28"/>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="29"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="30"/>
        <source>cancelled</source>
        <translation>不再发送</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="36"/>
        <source>score sheet</source>
        <translation>评估打分表</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="37"/>
        <source>panel result</source>
        <translation>评估验收结论</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="62"/>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="62"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="62"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="62"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="63"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="63"/>
        <source>Hash</source>
        <translation>哈希</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/outbox_model.py" line="87"/>
        <source>The hub holds other contents for this revision: Show conflict…</source>
        <translation>服务器上此版本的内容不同:请查看冲突…</translation>
    </message>
</context>
<context>
    <name>PanelHubDialog</name>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="52"/>
        <source>Panel hub on this laptop</source>
        <translation>本机上的评估组服务器</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="53"/>
        <source>Start the panel hub so that the members&apos; laptops on this Wi-Fi can send their sheets here, without internet. Each member checks the fingerprint below before joining.</source>
        <translation>启动评估组服务器后,同一 Wi-Fi 中评估组成员的电脑无需互联网即可把打分表发送到这里。每位评估组成员加入前须核对下面的指纹。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="86"/>
        <source>Start panel hub</source>
        <translation>启动评估组服务器</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="87"/>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="90"/>
        <source>Stop panel hub</source>
        <translation>停止评估组服务器</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="91"/>
        <source>Address: %1   Members enrolled: %2</source>
        <translation>地址:%1   已登记成员:%2</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="102"/>
        <source>Starting the panel hub…</source>
        <translation>正在启动评估组服务器…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/lan_dialogs.py" line="109"/>
        <source>Announced on this network. Members: Sync › Join a hub nearby…</source>
        <translation>已在本网络中广播。评估组成员请使用:同步 › 加入附近的服务器…</translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="38"/>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="39"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="40"/>
        <source>Outbox and conflicts…</source>
        <translation>待发送与冲突…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="41"/>
        <source>Hub settings…</source>
        <translation>同步服务器设置…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="42"/>
        <source>Start panel hub (chair)…</source>
        <translation>启动评估组服务器(组长)…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="43"/>
        <source>Join a hub nearby…</source>
        <translation>加入附近的服务器…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="49"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/install.py" line="49"/>
        <source>Passphrase of your signing identity:</source>
        <translation>签名身份的口令:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Export USB sync bundle…</source>
        <translation>导出 U 盘数据包…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Import USB sync bundle…</source>
        <translation>导入 U 盘数据包…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Import a USB sync bundle</source>
        <translation>导入 U 盘数据包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Export a USB sync bundle</source>
        <translation>导出 U 盘数据包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Sync bundles (*.wbsync)</source>
        <translation>同步数据包 (*.wbsync)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Open or select a school first.</source>
        <translation>请先打开或选中一所学校。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>A sync bundle is already being exported.</source>
        <translation>正在导出一个同步数据包，请稍候。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Exporting the sync bundle of %1…</source>
        <translation>正在导出 %1 的同步数据包…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>%1 sheet(s), %2 panel result(s), %3 photo(s). Copy the file to a USB stick and import it on the other laptop (Sync › Import USB sync bundle…, or drop it on the window).</source>
        <translation>评分表 %1 份，合议结果 %2 份，照片 %3 张。把文件复制到 U 盘，在另一台电脑上导入（同步 › 导入 U 盘数据包…，或把文件拖到窗口上）。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>Sync bundle</source>
        <translation>同步数据包</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/bundle_actions.py" line="0"/>
        <source>The sync bundle was not exported: %1</source>
        <translation>同步数据包未导出：%1</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="89"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="90"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="91"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="92"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="93"/>
        <source>Do not send</source>
        <translation>不再发送</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="94"/>
        <source>Show conflict…</source>
        <translation>查看冲突…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="95"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="112"/>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="139"/>
        <source>No hub is set: Sync › Hub settings… or join a hub nearby.</source>
        <translation>尚未设置服务器:请使用 同步 › 同步服务器设置…,或加入附近的服务器。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="131"/>
        <source>Connecting to the hub…</source>
        <translation>正在连接服务器…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="131"/>
        <source>Sending photos…</source>
        <translation>正在发送照片…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="132"/>
        <source>Sending documents…</source>
        <translation>正在发送文档…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="132"/>
        <source>Fetching what concerns you…</source>
        <translation>正在接收与您有关的数据…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="133"/>
        <source>Finishing…</source>
        <translation>即将完成…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="144"/>
        <source>%1: not reachable; nothing was lost, the outbox keeps every entry.</source>
        <translation>%1:无法连接;没有丢失任何数据,待发送的条目都已保留。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="147"/>
        <source>%1: stopped; what was not sent stays in the outbox.</source>
        <translation>%1:已停止;未发送的内容仍在待发送列表中。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/sync_panel.py" line="149"/>
        <source>%1: sent %2, already there %3, conflicts %4, refused %5, received %6.</source>
        <translation>%1:已发送 %2,服务器已有 %3,冲突 %4,被拒绝 %5,已接收 %6。</translation>
    </message>
</context>
<context>
    <name>SyncStatusItem</name>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="61"/>
        <source>%1 waiting</source>
        <translation>%1 待同步</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="63"/>
        <source>syncing…</source>
        <translation>同步中…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="63"/>
        <source>syncing %1%</source>
        <translation>同步中 %1%</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="68"/>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="68"/>
        <source>never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workbench/ui/sync/status_item.py" line="71"/>
        <source>%n conflict(s)</source>
        <translation><numerusform>%n 冲突</numerusform></translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="73"/>
        <source>hub not reachable</source>
        <translation>服务器无法连接</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sync/status_item.py" line="76"/>
        <source>Sync: click for the outbox, retry and conflicts</source>
        <translation>同步:点击查看待发送列表、重试和冲突</translation>
    </message>
</context>
</TS>
