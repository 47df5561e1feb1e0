<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ErrorText</name>
    <message>
        <source>Try again later; nothing was lost.</source>
        <translation>请稍后再试;没有丢失任何内容。</translation>
    </message>
    <message>
        <source>Try again; if it happens again, tell whoever runs the hub. Nothing was lost.</source>
        <translation>请再试一次;如果仍然如此,请告知服务器管理员。没有丢失任何内容。</translation>
    </message>
    <message>
        <source>Check the network and the hub address; nothing was lost, the outbox sends it again.</source>
        <translation>请检查网络和服务器地址;没有丢失任何内容,待发送的文件会再次发送。</translation>
    </message>
    <message>
        <source>The hub refused the request as malformed.</source>
        <translation>服务器认为请求格式有误,予以拒绝。</translation>
    </message>
    <message>
        <source>Update the workbench or the hub; if it happens again, tell whoever runs the hub.</source>
        <translation>请更新工作台或服务器;如果仍然如此,请告知服务器管理员。</translation>
    </message>
    <message>
        <source>The hub did not accept this laptop&apos;s signature on the request.</source>
        <translation>服务器未接受本机对请求的签名。</translation>
    </message>
    <message>
        <source>Check that this laptop&apos;s identity is the one enrolled on the hub; nothing was lost.</source>
        <translation>请确认本机的签名身份就是在服务器上登记的身份;没有丢失任何内容。</translation>
    </message>
    <message>
        <source>A photo upload was out of step with the hub.</source>
        <translation>照片上传与服务器上的进度不一致。</translation>
    </message>
    <message>
        <source>Sync again: the upload continues where the hub&apos;s copy ends.</source>
        <translation>请再次同步:上传会从服务器已有的部分继续。</translation>
    </message>
    <message>
        <source>The hub&apos;s answer is malformed: it may not be a workbench hub, or it is faulty.</source>
        <translation>服务器的回复格式有误:它可能不是评估工作台的服务器,或者出现了故障。</translation>
    </message>
    <message>
        <source>The hub cannot be reached.</source>
        <translation>无法连接服务器。</translation>
    </message>
    <message>
        <source>The hub did not answer in time.</source>
        <translation>服务器未及时回复。</translation>
    </message>
    <message>
        <source>The hub&apos;s answer could not be read.</source>
        <translation>无法读取服务器的回复。</translation>
    </message>
    <message>
        <source>The hub address is not valid.</source>
        <translation>服务器地址无效。</translation>
    </message>
    <message>
        <source>Type it as http://HOST:PORT in the hub settings.</source>
        <translation>请在同步服务器设置中按 http://主机:端口 的格式填写。</translation>
    </message>
    <message>
        <source>The contents do not match their SHA-256: they were changed or damaged on the way.</source>
        <translation>内容与其 SHA-256 不符:传输途中被改动或损坏。</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate is not the one this laptop trusts: it may not be the real hub.</source>
        <translation>服务器的证书不是本机信任的证书:它可能不是真正的服务器。</translation>
    </message>
    <message>
        <source>Do not connect: compare the fingerprint with the chair&apos;s screen or ask the education bureau.</source>
        <translation>请勿连接:请与组长屏幕上的指纹核对,或询问教育局。</translation>
    </message>
    <message>
        <source>The hub and this workbench speak different protocol versions.</source>
        <translation>服务器与本工作台的协议版本不同。</translation>
    </message>
    <message>
        <source>Update the workbench or the hub.</source>
        <translation>请更新工作台或服务器。</translation>
    </message>
    <message>
        <source>The request could not be signed.</source>
        <translation>无法为请求签名。</translation>
    </message>
    <message>
        <source>The hub does not take a photo: its upload makes no progress.</source>
        <translation>服务器不接收一张照片:上传没有进展。</translation>
    </message>
    <message>
        <source>Sending was stopped; the document waits in the outbox.</source>
        <translation>发送已停止,文件仍在待发送列表中。</translation>
    </message>
    <message>
        <source>Sync again to send it.</source>
        <translation>再次同步即可发送。</translation>
    </message>
    <message>
        <source>A problem on this laptop kept this document from being sent.</source>
        <translation>本机上的问题使该文件未能发送。</translation>
    </message>
    <message>
        <source>See the details; the document waits in the outbox.</source>
        <translation>请查看详细信息;文件仍在待发送列表中。</translation>
    </message>
    <message>
        <source>The sync bundle was changed, is incomplete or is not a sync bundle; nothing was imported.</source>
        <translation>同步包被改动过、不完整或不是同步包;未导入任何内容。</translation>
    </message>
    <message>
        <source>Export it again on the laptop that made it.</source>
        <translation>请在生成该同步包的电脑上重新导出。</translation>
    </message>
    <message>
        <source>The sync bundle is for a school that is not in this workspace; nothing was imported.</source>
        <translation>同步包所属的学校不在本工作区中;未导入任何内容。</translation>
    </message>
    <message>
        <source>Import that school&apos;s evidence package first, or take the bundle made for your school.</source>
        <translation>请先导入该学校的材料包,或使用为你的学校生成的同步包。</translation>
    </message>
    <message>
        <source>The request arrived altered: its contents do not match their digest.</source>
        <translation>请求在传输途中被改动:内容与其摘要不符。</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock differs from the hub&apos;s by more than 5 minutes.</source>
        <translation>本机时钟与服务器相差超过 5 分钟。</translation>
    </message>
    <message>
        <source>Set this laptop&apos;s date and time right, then sync again.</source>
        <translation>请校正本机的日期和时间,然后再次同步。</translation>
    </message>
    <message>
        <source>The hub had seen this request before and refused it as a replay.</source>
        <translation>服务器已收到过该请求,将其作为重放请求拒绝。</translation>
    </message>
    <message>
        <source>Sync again; nothing was lost.</source>
        <translation>请再次同步;没有丢失任何内容。</translation>
    </message>
    <message>
        <source>This laptop&apos;s certificate is not enrolled on the hub.</source>
        <translation>本机证书未在服务器上登记。</translation>
    </message>
    <message>
        <source>Ask whoever runs the hub (the chair or the education bureau) to enroll your certificate.</source>
        <translation>请让服务器管理员(组长或教育局)登记你的证书。</translation>
    </message>
    <message>
        <source>The hub says your certificate is revoked.</source>
        <translation>服务器显示你的证书已被吊销。</translation>
    </message>
    <message>
        <source>Ask the education bureau for a new certificate.</source>
        <translation>请向教育局申请新证书。</translation>
    </message>
    <message>
        <source>Your certificate is not valid now (expired or not yet valid).</source>
        <translation>你的证书当前无效(已过期或尚未生效)。</translation>
    </message>
    <message>
        <source>Check this laptop&apos;s date; if the certificate expired, ask the education bureau for a new one.</source>
        <translation>请检查本机日期;如证书已过期,请向教育局申请新证书。</translation>
    </message>
    <message>
        <source>Your role does not allow this on the hub.</source>
        <translation>你的角色无权在服务器上执行此操作。</translation>
    </message>
    <message>
        <source>Ask the chair or the education bureau whether you should have this right.</source>
        <translation>如认为应有此权限,请询问组长或教育局。</translation>
    </message>
    <message>
        <source>The hub does not have what was asked for.</source>
        <translation>服务器上没有所请求的内容。</translation>
    </message>
    <message>
        <source>It may not have been sent yet; try again later.</source>
        <translation>可能尚未发送;请稍后再试。</translation>
    </message>
    <message>
        <source>The document or photo is larger than the hub accepts.</source>
        <translation>文件或照片超过服务器接受的大小。</translation>
    </message>
    <message>
        <source>Ask whoever runs the hub to raise the limit.</source>
        <translation>请让服务器管理员提高上限。</translation>
    </message>
    <message>
        <source>The hub refused the document: it does not verify (altered, badly signed, or its signer is not trusted there).</source>
        <translation>服务器拒收该文件:验证未通过(被改动、签名无效,或服务器不信任其签名者)。</translation>
    </message>
    <message>
        <source>Sign it again on this laptop; if it is refused again, ask whoever runs the hub to trust the education bureau&apos;s certificate.</source>
        <translation>请在本机重新签名;如仍被拒收,请让服务器管理员信任教育局的证书。</translation>
    </message>
    <message>
        <source>The hub does not know the rubric this document was scored with.</source>
        <translation>服务器没有该文件评分所用的评估细则。</translation>
    </message>
    <message>
        <source>Ask whoever runs the hub to add this rubric.</source>
        <translation>请让服务器管理员添加该评估细则。</translation>
    </message>
    <message>
        <source>The hub lacks photos this document names.</source>
        <translation>服务器缺少该文件引用的照片。</translation>
    </message>
    <message>
        <source>Sync again: the photos go first. If a photo was removed from this laptop, import it again.</source>
        <translation>请再次同步:照片会先发送。如照片已从本机删除,请重新导入。</translation>
    </message>
    <message>
        <source>The hub lacks member score sheets this panel result names.</source>
        <translation>服务器缺少该评估验收结论表引用的评估组成员评分表。</translation>
    </message>
    <message>
        <source>Ask the panel members to sync their sheets first, then sync again.</source>
        <translation>请评估组成员先同步各自的评分表,然后再次同步。</translation>
    </message>
    <message>
        <source>The hub holds other contents for this revision; both are kept.</source>
        <translation>服务器上此版本的内容不同;两份都已保留。</translation>
    </message>
    <message>
        <source>Open Show conflict… to compare them.</source>
        <translation>请打开“查看冲突…”进行比较。</translation>
    </message>
    <message>
        <source>Another connection is sending this photo to the hub right now.</source>
        <translation>另一连接正在向服务器发送这张照片。</translation>
    </message>
    <message>
        <source>Sync again shortly.</source>
        <translation>请稍后再次同步。</translation>
    </message>
    <message>
        <source>The hub had an internal error; the request was not applied.</source>
        <translation>服务器内部出错;请求未被执行。</translation>
    </message>
    <message>
        <source>The hub is busy or unavailable for now.</source>
        <translation>服务器繁忙或暂时不可用。</translation>
    </message>
    <message>
        <source>The hub answers too slowly: no complete answer in time.</source>
        <translation>服务器回复太慢:未能及时得到完整回复。</translation>
    </message>
    <message>
        <source>The local network cannot be used to find or announce a hub.</source>
        <translation>无法使用局域网查找或公布服务器。</translation>
    </message>
    <message>
        <source>Check that Wi-Fi is on; you can still type the hub&apos;s address.</source>
        <translation>请确认 Wi-Fi 已打开;也可以直接输入服务器地址。</translation>
    </message>
    <message>
        <source>The hub found nearby cannot be reached.</source>
        <translation>无法连接在附近找到的服务器。</translation>
    </message>
    <message>
        <source>Check that this laptop is on the same Wi-Fi as the chair&apos;s.</source>
        <translation>请确认本机与组长的电脑连接同一 Wi-Fi。</translation>
    </message>
    <message>
        <source>The service at that address is not a workbench hub.</source>
        <translation>该地址上的服务不是评估工作台的服务器。</translation>
    </message>
    <message>
        <source>Check the address with the chair.</source>
        <translation>请与组长核对地址。</translation>
    </message>
    <message>
        <source>A hub fingerprint is 64 hexadecimal digits (its certificate&apos;s SHA-256).</source>
        <translation>服务器指纹是 64 位十六进制数字(其证书的 SHA-256)。</translation>
    </message>
    <message>
        <source>Copy it from the chair&apos;s screen.</source>
        <translation>请从组长的屏幕上抄录。</translation>
    </message>
    <message>
        <source>Type at least the first four groups of the fingerprint on the chair&apos;s screen (digits 0-9 and letters a-f).</source>
        <translation>请至少输入组长屏幕上指纹的前四组(数字 0-9 和字母 a-f)。</translation>
    </message>
    <message>
        <source>Then join again.</source>
        <translation>然后再次加入。</translation>
    </message>
    <message>
        <source>The fingerprint differs from the one typed: this is not the chair&apos;s hub; do not join.</source>
        <translation>指纹与输入的不同:这不是组长的服务器;请勿加入。</translation>
    </message>
    <message>
        <source>Compare again with the chair&apos;s screen; ask the chair if it still differs.</source>
        <translation>请再次与组长屏幕核对;如仍不同,请询问组长。</translation>
    </message>
    <message>
        <source>This workspace&apos;s list of hubs is damaged.</source>
        <translation>本工作区的服务器列表已损坏。</translation>
    </message>
    <message>
        <source>Set the hub again in the hub settings.</source>
        <translation>请在同步服务器设置中重新设置服务器。</translation>
    </message>
    <message>
        <source>Nothing to export for this school: no signed score sheet or panel result.</source>
        <translation>该学校没有可导出的内容:还没有已签名的评估打分表或评估验收结论表。</translation>
    </message>
    <message>
        <source>Sign a score sheet (or collect the members&apos; sheets) first.</source>
        <translation>请先签名评估打分表(或收齐评估组成员的打分表)。</translation>
    </message>
    <message>
        <source>A photo a signed sheet names is missing from this workspace.</source>
        <translation>已签名打分表引用的一张照片不在本工作区中。</translation>
    </message>
    <message>
        <source>Import the photo again, or sign the sheet again without it.</source>
        <translation>请重新导入该照片,或不含该照片重新签名打分表。</translation>
    </message>
    <message>
        <source>A document fetched from the hub does not verify; it was not stored.</source>
        <translation>从服务器取回的一份文件验证未通过,未予保存。</translation>
    </message>
    <message>
        <source>Tell whoever runs the hub; everything else was received.</source>
        <translation>请告知服务器管理员;其余内容均已收到。</translation>
    </message>
    <message>
        <source>A certificate revocation fetched from the hub does not verify; it was not stored.</source>
        <translation>从服务器取回的证书吊销文件验证未通过,未予保存。</translation>
    </message>
    <message>
        <source>This laptop has no signing identity yet.</source>
        <translation>本机还没有签名身份。</translation>
    </message>
    <message>
        <source>Create your signing identity first.</source>
        <translation>请先创建你的签名身份。</translation>
    </message>
    <message>
        <source>The panel hub could not be started on this laptop.</source>
        <translation>无法在本机启动评估组服务器。</translation>
    </message>
    <message>
        <source>See the details; close other programs using the network and try again.</source>
        <translation>请查看详细信息;关闭其他占用网络的程序后再试。</translation>
    </message>
</context>
<context>
    <name>SyncErrors</name>
    <message>
        <source>Sync did not succeed; the details are in the tooltip.</source>
        <translation>同步未成功;详细信息见提示。</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息:%1</translation>
    </message>
</context>
</TS>
