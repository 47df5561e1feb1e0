<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EvidenceModel</name>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="82"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="82"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="82"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="82"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="86"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="86"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="86"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_model.py" line="106"/>
        <source>Older than the evidence period (before {date})</source>
        <translation>早于材料期限({date} 之前)</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="118"/>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="179"/>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="204"/>
        <source>Select a file to preview it</source>
        <translation>选择一个文件进行预览</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="133"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="134"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="135"/>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="136"/>
        <source>Open with system viewer</source>
        <translation>用系统程序打开</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="178"/>
        <source>No evidence submitted for {ind}</source>
        <translation>{ind} 没有提交佐证材料</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="207"/>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="137"/>
        <source>Only PDF, JPEG, PNG and Word/Excel documents without macros, recognised by their content, open outside the workbench</source>
        <translation>只有按内容识别为 PDF、JPEG、PNG 或不含宏的 Word/Excel 文档的文件才能在工作台之外打开</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="139"/>
        <source>Save a copy…</source>
        <translation>另存副本…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="232"/>
        <source>No preview in the window for this file. Double-click or use “Open with system viewer”.</source>
        <translation>此文件无法在窗口中预览。请双击或使用“用系统程序打开”。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="235"/>
        <source>Cannot preview: by its content this file is not a PDF, an image or an Office document, so the workbench will not open it. Use “Save a copy…” to keep it.</source>
        <translation>无法预览:按内容判断,此文件不是 PDF、图片或 Office 文档,工作台不会打开它。可使用“另存副本…”保存。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="308"/>
        <source>This file cannot be opened: by its content it is not a PDF, an image or an Office document. Use “Save a copy…” to keep it.</source>
        <translation>无法打开此文件:按内容判断,它不是 PDF、图片或 Office 文档。可使用“另存副本…”保存。</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="320"/>
        <source>Save a copy of the evidence file</source>
        <translation>另存佐证材料副本</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="266"/>
        <source>This PDF cannot be shown</source>
        <translation>无法显示此 PDF</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/evidence_panel.py" line="267"/>
        <source>open it with the system viewer if it offers to, or save a copy</source>
        <translation>如可用,请用系统程序打开,或另存副本</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="40"/>
        <source>Network security incident</source>
        <translation>网络安全事故</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="42"/>
        <source>A network security incident caused by missing security measures means the school is not evaluated. Describe what happened (required):</source>
        <translation>学校网络管理缺乏安全保障措施、造成校园网络安全事故的,不予评估验收。请说明事故情况(必填):</translation>
    </message>
</context>
<context>
    <name>IndicatorPage</name>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="228"/>
        <source>{score} of {points} points</source>
        <translation>得分 {score} / {points} 分</translation>
    </message>
</context>
<context>
    <name>ItemCard</name>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="51"/>
        <source>max {points}</source>
        <translation>满分 {points} 分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="53"/>
        <source>The score the school gave itself in its application</source>
        <translation>学校在申报材料中的自评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="74"/>
        <source>Score:</source>
        <translation>评分:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="76"/>
        <source>0 to {max} in steps of 0.5; — means not scored</source>
        <translation>0 至 {max} 分,以 0.5 分为单位;“—”表示未评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="81"/>
        <source>Full</source>
        <translation>满分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="82"/>
        <source>Half</source>
        <translation>半分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="83"/>
        <source>Zero</source>
        <translation>零分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="84"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="85"/>
        <source>Mark as not scored</source>
        <translation>标记为未评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="101"/>
        <source>Verified on site as written</source>
        <translation>已现场核实</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="107"/>
        <source>Methods:</source>
        <translation>评估方式:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="117"/>
        <source>Note for this item</source>
        <translation>本项备注</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/indicator_page.py" line="148"/>
        <source>Self-assessed: {v}</source>
        <translation>自评:{v}</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="50"/>
        <source>Not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="51"/>
        <source>Has warnings</source>
        <translation>有警示</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="52"/>
        <source>Show only indicators with unscored items</source>
        <translation>只显示有未评分项的指标</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="53"/>
        <source>Show only indicators with fact-check warnings</source>
        <translation>只显示有数据核查警示的指标</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="65"/>
        <source>Next indicator</source>
        <translation>下一指标</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="67"/>
        <source>Previous indicator</source>
        <translation>上一指标</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator.py" line="69"/>
        <source>Next unscored indicator</source>
        <translation>下一未评分指标</translation>
    </message>
</context>
<context>
    <name>NavigatorModel</name>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="94"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="94"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="94"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="94"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="122"/>
        <source>Has fact-check warnings</source>
        <translation>有数据核查警示</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="133"/>
        <source>All items scored</source>
        <translation>已全部评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="133"/>
        <source>Partly scored</source>
        <translation>部分评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/navigator_model.py" line="134"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
</context>
<context>
    <name>PhotoModel</name>
    <message>
        <location filename="../../workbench/ui/review/photo_model.py" line="92"/>
        <source>Taken: {t}</source>
        <extracomment>every queued thumbnail has arrived (or failed)</extracomment>
        <translation>拍摄时间:{t}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_model.py" line="93"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_model.py" line="94"/>
        <source>GPS: {g}</source>
        <translation>GPS:{g}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_model.py" line="94"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="68"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="69"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="74"/>
        <source>Importing %v of %m</source>
        <translation>正在导入 %v / %m</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="75"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="106"/>
        <source>On-site photos for {ind}: {n}</source>
        <translation>{ind} 现场照片:{n} 张</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="107"/>
        <source>(drop photos here)</source>
        <translation>(可将照片拖放到此处)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="115"/>
        <source>Add on-site photos</source>
        <translation>添加现场照片</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="116"/>
        <source>Photos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="121"/>
        <source>Add all photos in a folder</source>
        <translation>添加文件夹中的全部照片</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="168"/>
        <source>{n} file(s) were not photos and were skipped: {names}</source>
        <translation>{n} 个文件不是照片,已跳过:{names}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="229"/>
        <source>Move to indicator</source>
        <translation>移到指标</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="235"/>
        <source>Show large</source>
        <translation>查看大图</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="237"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="243"/>
        <source>Remove photos</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_strip.py" line="244"/>
        <source>Remove {n} photo(s) from the review? They stay in the audit trail.
Reason (optional):</source>
        <translation>从评估中移除 {n} 张照片?移除记录会保留在审计日志中。
原因(可选):</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../workbench/ui/review/photo_viewer.py" line="33"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_viewer.py" line="34"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_viewer.py" line="36"/>
        <source>Taken: {t} · GPS: {g} · {w} × {h} · SHA-256 {s}…</source>
        <translation>拍摄时间:{t} · GPS:{g} · {w} × {h} · SHA-256 {s}…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_viewer.py" line="39"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/photo_viewer.py" line="62"/>
        <source>The photo cannot be shown: {e}</source>
        <translation>无法显示这张照片:{e}</translation>
    </message>
</context>
<context>
    <name>ReviewUndo</name>
    <message>
        <location filename="../../workbench/ui/review/undo.py" line="82"/>
        <source>Score {item}: {old} → {new}</source>
        <translation>评分 {item}:{old} → {new}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/undo.py" line="87"/>
        <source>Note {item}</source>
        <translation>备注 {item}</translation>
    </message>
    <message>
        <source>Record security incident</source>
        <translation>记录网络安全事故</translation>
    </message>
    <message>
        <source>Clear security incident</source>
        <translation>清除网络安全事故</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../workbench/ui/review/view.py" line="74"/>
        <source>Choose a school to review</source>
        <translation>请选择要评估的学校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/view.py" line="63"/>
        <location filename="../../workbench/ui/review/view.py" line="123"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/view.py" line="64"/>
        <location filename="../../workbench/ui/review/view.py" line="124"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
</context>
<context>
    <name>ScoreBar</name>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="117"/>
        <source>Demonstration school</source>
        <translation>示范校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="117"/>
        <source>Qualified school</source>
        <translation>合格校</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="118"/>
        <source>Not awarded</source>
        <translation>未达到合格标准</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="118"/>
        <source>Not evaluated</source>
        <translation>不予评估验收</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="127"/>
        <source>under {min}</source>
        <translation>低于 {min} 分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="129"/>
        <source>security incident</source>
        <translation>网络安全事故</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="131"/>
        <source>{n} items unscored</source>
        <translation>{n} 项未评分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="133"/>
        <source>self-assessment {d} above panel</source>
        <translation>自评高出评估 {d} 分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="146"/>
        <location filename="../../workbench/ui/review/score_bar.py" line="164"/>
        <source>Security incident…</source>
        <translation>网络安全事故…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="152"/>
        <source>Total &lt;b&gt;{total}&lt;/b&gt; / {max}</source>
        <translation>总分 &lt;b&gt;{total}&lt;/b&gt; / {max}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="156"/>
        <source>{outcome} (provisional)</source>
        <translation>{outcome}(暂定)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="164"/>
        <source>Clear incident</source>
        <translation>撤销安全事故</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="165"/>
        <source>Record a network security incident</source>
        <translation>记录网络安全事故</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="172"/>
        <source>Clear the incident</source>
        <translation>撤销安全事故</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_bar.py" line="173"/>
        <source>Clear the recorded security incident?</source>
        <translation>撤销已记录的网络安全事故?</translation>
    </message>
</context>
<context>
    <name>ScoreSpinBox</name>
    <message>
        <location filename="../../workbench/ui/review/score_spin.py" line="105"/>
        <source>Full-width digits converted: {text}</source>
        <translation>已将全角数字转换为:{text}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_spin.py" line="112"/>
        <source>Type a score from 0 to {max} with digits and one point, like 1.5</source>
        <translation>请输入 0 至 {max} 的分数,只用数字和一个小数点,如 1.5</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_spin.py" line="119"/>
        <source>At most {max} points for this item</source>
        <translation>本项最多 {max} 分</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review/score_spin.py" line="131"/>
        <source>{typed} is not a multiple of 0.5: corrected to {fixed}</source>
        <translation>{typed} 不是 0.5 的倍数:已改为 {fixed}</translation>
    </message>
</context>
</TS>
