# PIM Registration: 简体中文

site-name = 平壤国际马拉松
site-tagline = 外国选手报名
site-footer = 起点和终点均在平壤金日成体育场。关于报名的问题，请回复您的确认邮件。
language-switch = 语言
required = 必填
event-name = { $edition }平壤国际马拉松
places-left = { $count }个名额

## 报名表
register-title = 报名
register-heading = 报名参加{ $event }
register-lead = 比赛日为{ $race_day }。每位跑者填写一次本表；标有 * 的项目为必填。我们会立即告诉您由哪个机构处理您的报名及原因。
register-registered-already = 已经报名？
register-recover-link = 重新获取状态页面链接
register-about-you = 个人信息
field-given-name = 名
field-family-name = 姓
hint-as-in-passport = 与护照上一致。
field-email = 电子邮箱
hint-email = 报名确认和每次更新都会发送到这里。
field-date-of-birth = 出生日期
hint-date-of-birth = 与护照上一致。
field-sex = 性别
hint-sex = 精英标准男女不同。
sex-female = 女
sex-male = 男
field-nationality = 国籍
hint-nationality = 签发您护照的国家或地区。
choose-country = 选择国家或地区
register-passport = 护照
field-passport-number = 护照号码
hint-passport-number = 按护照上印刷的字母和数字填写。
field-passport-expiry = 护照有效期至
hint-passport-expiry = 朝鲜入境规定：护照有效期须至少到{ $date }。
register-your-race = 参赛项目
field-distance = 距离
hint-distance = 所有比赛均于09:00在金日成体育场出发。最低年龄以比赛日计算。
race-full = 全程马拉松（42.195公里）
race-half = 半程马拉松（21.0975公里）
race-10k = 10公里
race-5k = 5公里
race-facts = 报名费 { $fee } 美元 · 关门时间 { $limit } · { $age }岁及以上
time-limit-minutes = { $minutes }分钟
time-limit-hours = { $hours }小时
time-limit-hours-minutes = { $hours }小时{ $minutes }分钟
field-category = 组别
category-amateur = 业余
category-elite = 精英：由体育省严格按资格成绩邀请
hint-elite = 仅限精英跑者：同一距离、在资格期内且不晚于今天跑出的成绩。
field-qualifying-time = 资格成绩
hint-qualifying-time = 时:分:秒，不足一小时填分:秒，例如 2:28:15 或 31:40。
field-qualifying-date = 资格赛日期
field-qualifying-race = 资格赛
hint-qualifying-race = 赛事名称和地点，例如2026柏林马拉松。
field-evidence-url = 官方成绩链接
hint-evidence-url = 以 https:// 开头。
register-emergency = 紧急联系人
field-emergency-name = 姓名
hint-emergency-name = 不与您同行的人。
field-emergency-phone = 电话
hint-emergency-phone = 含国家代码，例如 +86 10 1234 5678。
consent = 我同意为处理本报名而处理我的个人信息（包括护照信息），并将其提供给负责处理报名的机构。
register-send = 提交报名

## 填写内容的问题，按错误代码
error-given-name-length = 请按护照填写您的名（最多100个字符）。
error-family-name-length = 请按护照填写您的姓（最多100个字符）。
error-email-length = 电子邮箱地址最多254个字符。
error-email = 请填写电子邮箱地址，例如 name@example.com。
error-email-dots = @ 前面的部分不能以点开头或结尾，也不能有两个连续的点。
error-email-domain = @ 后面的部分必须是域名，例如 example.com。
error-qualifying-race-length = 赛事名称请少于200个字符。
error-url = 请填写成绩的完整网址，以 https:// 开头。
error-emergency-contact-name-length = 请填写紧急情况下可以联系的人的姓名（最多100个字符）。
error-phone = 请填写含国家代码的电话号码，例如 +86 10 1234 5678。
error-required-nationality = 请选择国籍。
error-required-category = 请选择组别。
error-required-distance = 请选择距离。
error-required-sex = 请选择性别。
error-required-date-of-birth = 请填写出生日期。
error-required-qualifying-time = 请填写成绩。
error-required-qualifying-date = 请填写日期。
error-required-passport-number = 请填写护照号码。
error-required-passport-expiry = 请填写日期。
error-unknown-choice = “{ $value }”不是可选项：请从中选择一项。
error-unknown-country = “{ $value }”不是 ISO 3166-1 国家代码（两个字母，例如 SG 或 DE）。
error-date-format = 日期请写成 YYYY-MM-DD，例如 1990-05-01。
error-date-not-real = { $value } 不是真实存在的日期。
error-date-implausible = 1900年以前的出生日期不可能正确：请检查年份。
error-born-after-race-day = 出生日期不可能晚于比赛日：请检查年份。
error-time-format = 成绩请写成 H:MM:SS，不足一小时写成 MM:SS，例如 2:41:00 或 29:45。
error-time-out-of-range = 分和秒必须在00到59之间。
error-time-zero = 成绩必须大于零。
error-passport-characters = 护照号码只包含字母和数字。
error-passport-length = 护照号码由5到20个字母和数字组成。
error-control-character = 请删除此项中的换行符和其他控制字符。
error-direction-control = 请删除改变文字方向的隐藏字符。
error-blank = 请用可见的字母或数字填写此项。
error-faster-than-record = { $time } 比世界纪录（{ $record }）还快：请检查您填写的成绩。
error-elite-needs-qualifying-time = 精英报名需要填写资格成绩。
error-elite-needs-qualifying-date = 精英报名需要填写资格赛日期。
error-elite-needs-qualifying-race = 精英报名需要填写资格赛名称。
error-elite-needs-qualifying-evidence-url = 精英报名需要提供官方成绩链接。
error-passport-expires-too-soon = 您的护照有效期必须至少到{ $date }，即比赛日后{ $months }个月（朝鲜入境规定）。请在报名前更换护照。
error-passport-expiry-too-far = 没有护照的有效期超过{ $years }年：请检查有效期的年份。
error-consent = 请同意处理您的个人信息：否则我们无法转交您的报名。
error-duplicate-passport = 此护照在本届比赛已有报名。如果是您本人的报名，请打开确认邮件中的状态链接；如果您已退出，待退出记录后即可重新报名。
error-language = “{ $value }”不是支持的语言：en、ko、zh-Hans、zh-Hant 或 ru。

## 报名表上方的提示
notice-wait-title = 请稍候
notice-wait-body = 短时间内来自您网络连接的报名过多，因此未受理本次报名。没有保存任何内容。请等待{ $seconds }秒后重新提交：您填写的内容在下方。
notice-expired-title = 请重新提交报名表
notice-expired-body = 为了您的安全，本表无法受理：它已过期，或来自其他页面。没有保存任何内容。您填写的内容在下方，请检查后重新提交。
notice-invalid-title = 请修改{ $count }项填写内容
notice-invalid-body = 每一项下方都标明了需要修改的地方。尚未保存任何内容。
notice-ineligible-title = 按目前的内容我们无法接受此报名
notice-duplicate-title = 此护照已经报名
notice-duplicate-body = 没有保存新的内容。
notice-reused-title = 此表已被使用
notice-reused-body = 此表已经为一位跑者完成报名。要为另一位跑者报名，请检查下方内容后重新提交：这是一份新表。

## 规程的措辞：机构、项目、分配、后续步骤
organisation-elite-invitation = 朝鲜体育省
organisation-state-agency = 朝鲜国家旅行社
organisation-licensed-operator = 高丽旅行社（Koryo Tours，持牌运营商）
race-name-full = 全程马拉松
race-name-half = 半程马拉松
race-name-10k = 10公里
race-name-5k = 5公里
category-name-amateur = 业余
category-name-elite = 精英
region-east-asia = 东亚
region-southeast-asia = 东南亚
explain-east-southeast-asia-amateur = 来自{ $country }的业余跑者通过{ $organisation }报名，该机构负责东亚和东南亚的报名。
explain-east-southeast-asia-exception = 来自{ $country }的跑者通过{ $organisation }报名，尽管{ $country }位于{ $region }。
explain-licensed-operator-default = 来自{ $country }的业余跑者通过{ $organisation }报名，该机构负责东亚和东南亚以外的所有外国业余跑者。
next-step-elite-invitation-1 = { $organisation }将审核您的资格成绩和您提供的成绩链接。
next-step-elite-invitation-2 = 精英报名于{ $last_day }截止；之后严格按资格成绩发出邀请，无论结果如何都会通过电子邮件通知您。
next-step-state-agency-1 = { $organisation }将通过电子邮件与您联系签证、行程和报名费事宜。
next-step-state-agency-2 = 通过国家旅行社的报名于{ $last_day }截止。
next-step-licensed-operator-1 = { $organisation }将通过电子邮件发送旅游套餐和付款方式。您的签证通过旅行团办理。
next-step-licensed-operator-2 = 预订于{ $last_day }截止。签证被拒将全额退款。
next-step-passport = 请确保护照有效期至少到{ $valid_until }：朝鲜签证约需四周办理，并需要护照。

## 报名确认页
confirmation-title = 已收到报名
confirmation-thanks = 谢谢您，{ $name }。您的报名已于{ $received }保存。
confirmation-confirm-email = 现在请在{ $by }之前确认您的电子邮箱地址。
confirmation-confirm-email-how = 我们已向您发送一封带链接的邮件：请打开链接并点击按钮。如果届时地址仍未确认，您的报名将失效，名额将转给下一位候补跑者。没有收到邮件？请查看垃圾邮件文件夹。
confirmation-waitlist = 目前名额已满：您在候补名单上排第{ $position }位。
confirmation-waitlist-how = 一旦有名额释放，名单上的第一位将获得名额，我们会立即发邮件通知您。状态页面会显示您的位置。
fact-reference = 您的报名编号
fact-handled-by = 负责机构
fact-race = 项目
race-and-category = { $race }（{ $category }）
confirmation-why = 为何由此机构负责
confirmation-next = 后续步骤
confirmation-status-page = 您的状态页面
confirmation-status-page-before = 请在{""}
confirmation-status-page-link = 您的私人状态页面
confirmation-status-page-after = 查看报名进展。请收藏：此链接就是您的钥匙，确认邮件中也有。请勿分享。
confirmation-documents = 需要提交的文件
confirmation-documents-before = { $organisation }需要以下文件。请现在或稍后在{""}
confirmation-documents-after = 上传：每份文件为一个 JPEG、PNG 或 PDF。

## Emails
email-subject = 平壤马拉松：{ $what }（{ $reference }）
email-what-registration-received = 已收到报名
email-what-accepted = 报名已接受
email-what-invited = 您已获邀请
email-what-declined = 报名未被接受
email-what-waitlisted = 已列入候补名单
email-what-promoted = 为您留出名额
email-what-information-requested = 需要更多信息
email-what-status-link = 您的状态链接
email-what-withdrawn = 报名已撤回
email-what-answer-received = 已收到答复
email-what-document-refused = 需要重新提交文件
email-what-details-changed = 信息已更正
email-what-transferred = 项目已更改
email-what-erasure-requested = 确认删除您的报名
email-dear = { $name }，您好：
email-confirm = 请在{ $by }之前确认您的电子邮箱地址：打开此链接并点击按钮。
email-confirm-link = 确认我的电子邮箱地址
email-confirm-until = 在此之前，您的名额只是暂时保留：如果未能按时确认地址，报名将失效，名额将转给下一位候补跑者。
email-reference = 您的报名编号：{ $reference }
email-status-page = 您的状态页面（私人链接，请勿分享）：{ $url }
email-status-page-link = 您的状态页面
email-status-page-private = （私人链接，请勿分享）
email-lost-link-question = 丢失了状态页面链接？
email-lost-link-ask = 申请新的链接
email-lost-link-text = 丢失了状态页面链接？申请新的链接：{ $url }
email-footer = { $edition }，比赛日{ $race_day }。如有疑问，请回复本邮件并注明您的报名编号。
email-received = 我们已收到您的{ $race }（{ $category }）报名。
email-handled-by = 您的报名由{ $organisation }负责处理。
email-next = 后续步骤：
email-waitlisted = { $position ->
    [0] { $organisation }负责的{ $race }名额目前已满，因此您的报名已列入候补名单。
   *[other] { $organisation }负责的{ $race }名额目前已满，因此您的报名已列入候补名单，排第{ $position }位。
}
email-waitlisted-then = 一旦有名额释放，名单上的第一位将获得名额，我们会立即发邮件通知您。
email-accepted = 好消息：您的{ $race }报名已被{ $organisation }接受。
email-their-note = 他们的备注：{ $note }
email-accepted-then = 他们将就后续步骤与您联系：行程、签证和付款。
email-invited = 恭喜：{ $organisation }邀请您以精英运动员身份参加{ $race }。
email-invited-then = 体育省将就您的行程和签证与您联系。
email-declined = 很抱歉：{ $organisation }未能接受您的{ $race }报名。
email-reason-given = 给出的理由：{ $note }
email-declined-then = 如有疑问，请回复本邮件。
email-promoted = 好消息：{ $race }有名额释放，您的报名现已获得该名额。您已不在候补名单上。
email-promoted-then = { $organisation }将就后续步骤与您联系。
email-information-requested = 您的{ $race }报名需要补充信息，{ $organisation }才能作出决定。
email-what-they-ask = 他们的问题：{ $note }
email-answer-here = 请在您的状态页面上答复，也可以在那里发送文件（JPEG、PNG 或 PDF）：
email-answer-link = 在您的状态页面上答复
email-answer-link-rest = ，也可以在那里发送文件（JPEG、PNG 或 PDF）。
email-answer-no-link = 请在您的状态页面上答复，也可以在那里发送文件（JPEG、PNG 或 PDF）：链接在您的确认邮件中。
email-keeps-place = 在您答复期间，您的报名保留名额。
email-status-link = 您再次申请了状态页面链接。新链接在下方：它取代您原有的链接，原链接已失效。
email-status-link-ignore = 如果不是您申请的，可以忽略本邮件：只有能读取您邮件的人才拥有新链接。
email-withdrawn = 按您的要求，您的{ $race }报名已撤回。名额将转给下一位候补跑者，您无需再做任何事。
email-withdrawn-then = 改变主意了？报名开放期间您可以重新报名：报名表在网站上。
email-answer-received = 谢谢：您关于{ $race }报名的答复及所发送的文件已送达{ $organisation }。审核期间您的报名保留名额，他们会通过电子邮件与您联系。
email-your-answer = 您的答复：{ $note }
email-document-refused = { $organisation }需要您为{ $race }报名重新提交一份文件。
email-document-refused-named = { $organisation }需要您为{ $race }报名重新提交一份文件：{ $document }。
email-why = 原因：{ $note }
email-upload-again = 请在您的状态页面上重新上传（JPEG、PNG 或 PDF）：
email-upload-again-link = 请在您的状态页面上重新上传
email-upload-again-link-rest = （JPEG、PNG 或 PDF）。
email-upload-again-no-link = 请在您的状态页面上重新上传（JPEG、PNG 或 PDF）：链接在您的确认邮件中。
email-details-changed = 按您在状态页面上的要求，您的{ $race }报名信息已更正。
email-what-changed = 更改内容：{ $note }
email-not-you = 如果不是您本人所做的更改，请立即回复本邮件。
email-transferred = 按您在状态页面上的要求，您的报名现为{ $race }。报名编号不变，仍由{ $organisation }负责处理。
email-erasure = 您申请删除您的报名及其全部相关信息。如需确认，请在24小时内打开此链接并点击按钮：
email-erasure-link = 确认删除我的报名
email-erasure-final = 删除无法撤销：占有名额的报名会把名额让给下一位候补跑者，您的状态页面也将失效。
email-erasure-ignore = 如果不是您申请的，请忽略本邮件：没有此链接，任何内容都不会被删除。

about = { $subject }：{ $detail }

## 状态页面
status-title = 您的报名
fact-runner = 跑者
fact-status = 状态
fact-waiting-list = 候补名单
fact-waiting-number = 第{ $position }位
fact-email = 电子邮箱地址
fact-received = 收到时间
fact-last-change = 最近更改
status-submitted = 已收到：等待负责您报名的机构审核。
status-information-requested = 需要更多信息：请回答下面的问题。
status-information-provided = 已收到答复：负责您报名的机构将进行审核并通知您。
status-accepted = 已接受：负责您报名的机构将就行程、签证和付款与您联系。
status-invited = 已获邀请：体育省邀请您以精英运动员身份参赛。
status-waitlisted = 在候补名单上：一旦有名额为您释放，我们会立即发邮件通知您。
status-declined = 未被接受：原因请见我们发给您的邮件。
status-withdrawn = 已撤回：您已撤回此报名。
status-lapsed = 已失效：电子邮箱地址未按时确认。
email-state-confirmed = 已于{ $at }确认
email-state-pending = 尚未确认
email-state-lapsed = 未确认
email-state-pending-note = 请确认您的电子邮箱地址：请在{ $by }之前打开我们发给您的确认邮件中的链接。如果届时仍未确认，此报名将失效，名额将转给下一位候补跑者。
email-state-lapsed-note = 此报名已失效：电子邮箱地址未在{ $by }之前确认，因此名额已转给下一位候补跑者。您可以重新报名。
question-heading = { $organisation }的问题
question-default = { $organisation }需要关于您报名的更多信息。
answer-label = 您的答复
answer-hint = 在您答复期间，您的报名保留名额。最多{ $limit }个字符。
answer-files-label = 文件（可选）
answer-files-hint = 最多{ $count }个文件：JPEG、PNG 或 PDF，每个不超过 { $megabytes } MB。
answer-send = 发送我的答复
documents-heading = 文件
documents-lead = { $organisation }需要以下文件：每份一个 JPEG、PNG 或 PDF，不超过 { $megabytes } MB。照片保存时会去除拍摄位置和相机信息。
document-choose = 选择文件：{ $document }
document-replace = 替换文件：{ $document }
document-upload = 上传
sent-files-heading = 您随答复发送的文件
sent-file = { $name }（{ $type }，{ $size }），于{ $at }发送
history-heading = 报名进展
label-separator = ：
details-heading = 信息有误？
details-link = 更正您的信息或更改项目
details-link-after = ：姓名、电子邮箱、紧急联系人、新护照或其他项目。
withdraw-heading = 撤回报名
withdraw-confirm = 我撤回此报名。我明白此操作无法撤销，我的名额将转给下一位跑者。
withdraw-send = 撤回我的报名
your-data-heading = 您的数据
your-data-download = 下载此报名所存全部信息的副本
your-data-download-after = （JSON 文件，含您提交的文件）。
your-data-erased-on = 您的个人信息将于{ $date }删除。如需提前删除，请在此申请：我们会通过电子邮件发送确认链接，只有该链接才能删除。
erasure-confirm = 删除我的报名和个人信息。我明白此操作无法撤销。
erasure-confirm-place = 删除我的报名和个人信息。我明白此操作无法撤销，我的名额将转给下一位跑者。
erasure-send = 申请删除

## 操作后状态页面的提示
done-answer = 谢谢：您的答复已发送。我们已通过电子邮件发给您一份副本。
done-uploaded = 谢谢：已收到文件。
done-corrected = 完成：您的信息已更正。我们已通过电子邮件告知您更改内容。
done-transferred = 完成：您的报名现为您选择的项目。我们已发邮件通知您。
withdraw-tick = 请勾选方框以确认撤回。
withdraw-too-late = 此报名已无法撤回。
changed-meanwhile = 您的报名在此期间有变动：请检查下方内容后重试。
answer-empty = 请填写答复，或选择要发送的文件。没有发送任何内容。
answer-too-long = 答复请少于{ $limit }个字符。没有发送任何内容。
answer-control-characters = 您的答复包含看不见的控制字符：请删除。
answer-no-question = 此报名目前没有需要答复的问题。没有发送任何内容。
answer-changed-meanwhile = 您的报名在此期间有变动：请检查下方内容后重新发送答复。
upload-which = 请选择您要发送的是哪份文件。没有保存任何内容。
upload-one-file = 此项请只选择一个文件：{ $document }。没有保存任何内容。
upload-entry-ended = 此报名已结束，因此不需要文件。没有保存任何内容。
upload-empty = 文件是空的。请重新选择文件：JPEG、PNG 或 PDF。没有保存任何内容。
upload-too-large = 文件大于 { $megabytes } MB。请发送较小的扫描件或照片：JPEG、PNG 或 PDF。没有保存任何内容。
upload-not-allowed = 此文件不是 JPEG、PNG 或 PDF。只接受 JPEG、PNG 和 PDF 文件。没有保存任何内容。
upload-unreadable = 此文件看似 { $type }，但无法读取。请重新拍照或扫描，或发送 PDF。没有保存任何内容。

## 跑者看到的报名记录
step-received-waiting = 已收到报名；该项目名额已满，因此列入候补名单
step-received = 已收到报名
step-moved-to-front = 已移至候补名单首位
step-promoted = 有名额释放，您的报名获得了该名额
step-email-confirmed = 电子邮箱地址已确认
step-lapsed = 已失效：电子邮箱地址未按时确认
step-new-link = 已通过电子邮件发送此页面的新链接；旧链接已失效
step-document-sent = 您发送了{ $document }
step-document-accepted = { $organisation }已接受：{ $document }
step-document-refused = { $organisation }要求重新提交
step-corrected = 您更正了信息
step-transferred = 您更改了项目
step-documents-erased = 您的文件已删除：保存期限已满
step-erasure-requested = 您申请了删除：确认链接已通过电子邮件发给您
step-accepted = { $organisation }已接受
step-invited = { $organisation }已邀请
step-declined = { $organisation }未接受
step-information-requested = { $organisation }要求提供更多信息
step-withdrawn = 已撤回
step-answered = 您已答复

## 机构需要的文件
document-not-sent = 尚未发送
document-received = 已收到：{ $file }
document-accepted = 已接受：{ $file }
document-refused = 要求重新提交：{ $file }
document-passport-data-page = 护照资料页
document-passport-data-page-hint = 印有您照片和个人信息那一页的扫描件或清晰照片，四个角都要清楚可见。
document-passport-photo = 护照照片
document-passport-photo-hint = 近期彩色正面照，直视镜头，浅色纯色背景。
document-qualifying-result = 资格成绩证明
document-qualifying-result-hint = 资格赛的官方成绩单或证书，显示您的姓名和成绩。
document-attachment = 随答复发送的文件
document-attachment-hint = 任何能回答您所收到问题的文件。
upload-too-many = 一次最多发送{ $count }个文件。没有保存任何内容。
upload-too-large-together = 这些文件合计大于 { $megabytes } MB。请减少文件数量或发送较小的文件。没有保存任何内容。
upload-broken = 上传的内容不完整。请重新选择文件并发送。没有保存任何内容。
erasure-tick = 请勾选方框以确认您要删除您的报名。
erasure-asked = 我们已通过电子邮件向您发送确认删除的链接。在您打开链接（{ $hours }小时内）并确认之前，不会删除任何内容。

## 带标题和简短说明的页面
back-to-form = 返回报名表
not-open-title = 报名尚未开始
not-open-body = { $event }的报名将于{ $opens }开始。
not-open-come-back = 名额有限，很快就会报满：届时请再来。
not-open-nothing-saved = 报名将于{ $opens }开始。没有保存任何内容。
closed-title = 报名已截止
closed-body = { $event }所有项目和组别的报名均已截止。
closed-entry-title = 此报名渠道已截止
closed-entry-body = { $channel }已于{ $last_day }截止，因此无法受理此报名。没有保存任何内容。
closed-note = { $channel }已于{ $last_day }截止。
channel-elite-invitation = 精英报名
channel-state-agency = 通过国家旅行社的报名
channel-licensed-operator = 通过持牌运营商的预订
unreadable-title = 无法读取表单
unreadable-body = 您的浏览器发送的文本不是有效的 UTF-8，因此没有保存任何内容。
unreadable-again = 请返回，检查您填写的内容后重新提交表单；如果再次出现这种情况，请换一个浏览器。
not-found-title = 找不到页面
not-found-body = 此地址没有页面。状态链接必须从确认邮件中完整复制。
unknown-link-title = 此链接无效
unknown-link-body = 链接可能不完整：请从邮件中复制完整的链接。如果您之后又收到关于此报名的邮件，请使用那封邮件中的链接。
form-expired-title = 请重试
form-expired-body = 为了您的安全，本表无法受理：它已过期，或来自其他页面。没有更改任何内容。请返回，重新加载页面后再次提交。
busy-title = 请稍后再试
busy-body = 目前有很多跑者正在发送文件，您发送的文件未能读取。没有保存任何内容。请返回，一分钟后重新发送。
unavailable-title = 请稍后再试
unavailable-body = 我们这边出了问题，没有保存或更改任何内容。请返回，一分钟后再试。
storage-full-title = 报名暂时中断
storage-full-body = 我们的服务器存储空间已满，您提交的内容均未保存。请稍后使用同一表单再试。

## 电子邮箱确认链接页面
confirm-email-title = 确认您的电子邮箱地址
confirm-email-body = 报名编号{ $reference }：请在{ $by }之前点击按钮，确认此电子邮箱地址属于您。这样您的报名将保留名额。
confirm-email-button = 确认我的电子邮箱地址
confirmed-title = 您的电子邮箱地址已确认
confirmed-body = 报名编号{ $reference }：您的报名保留名额。邮件中链接的状态页面会显示后续步骤。
lapsed-title = 此报名已失效
lapsed-body = 报名编号{ $reference }：由于电子邮箱地址未在{ $by }之前确认，此报名已失效，名额已转给下一位候补跑者。您可以重新报名。
ended-title = 此报名已结束
ended-body = 报名编号{ $reference }：{ $status }

## 删除链接页面
erase-title = 删除您的报名
erase-body = 报名编号{ $reference }：点击按钮即可删除您的姓名、联系方式、出生日期、护照信息、紧急联系人、文件以及有关此报名的消息。此操作无法撤销。
erase-holds-place = 您的报名占有名额：名额将转给下一位候补跑者。
erase-kept = 保留的内容不含您的姓名，仅计入比赛统计：您的国家或地区、项目、组别、性别和年龄段。
erase-button = 删除我的报名
erased-title = 您的报名已删除
erased-body = 报名编号{ $reference }：此报名及其全部个人信息已删除，其链接已失效。报名开放期间您可以重新报名。

## 重新获取状态链接
recover-title = 重新获取状态链接
recover-lead = 丢失了带有状态页面链接的邮件？请填写您报名时使用的电子邮箱地址：我们会为用该地址提交的每一项报名发送新链接。新链接取代旧链接。
recover-correct = 请修改此项
recover-email-hint = 您报名时使用的地址。
recover-reference = 报名编号（如有）
recover-reference-hint = 例如 PIM-ABCD-2345：填写后只发送该报名的链接。
recover-send = 通过电子邮件发送链接给我
recover-error-email = 请填写您报名时使用的电子邮箱地址，例如 name@example.com。
recover-error-reference = 报名编号的格式如 PIM-ABCD-2345；如果没有，请留空。
recover-wait-title = 请稍候
recover-wait-body = 短时间内来自您网络连接的链接申请过多。本次没有发送任何内容。请在{ $seconds }秒后重试。
recover-sent-title = 请查看您的邮箱
recover-sent-body = 如果{ $email }曾用于报名{ $event }，我们已将状态页面链接发送到该地址。新链接取代旧链接，旧链接已失效。
recover-sent-how = 邮件可能需要几分钟才能送达：也请查看垃圾邮件文件夹。没有收到？请检查地址后重新申请，或回复我们发给您的任何一封邮件。

## 更正信息
details-title = 更正您的信息
details-back = ← 您的报名
details-lead = 报名编号{ $reference }。请修改有误的内容后提交：我们会通过电子邮件告知您更改内容。
details-fixed-heading = 此处无法更改的内容
details-fixed-before = { $elite ->
    [yes] 您的国籍、出生日期、性别和组别以及资格成绩决定了由哪个机构处理您的报名以及如何处理，因此不能在此直接修改。如果其中有误，请在
   *[no] 您的国籍、出生日期、性别和组别决定了由哪个机构处理您的报名以及如何处理，因此不能在此直接修改。如果其中有误，请在
}
details-fixed-link = 您的状态页面
details-fixed-after = 撤回此报名，然后用正确的信息重新报名。
hint-email-updates = 有关您报名的每次更新都会发送到这里。
details-new-passport = 新护照
details-passport-held = 我们存有的护照为{ $passport }，有效期至{ $expiry }。仅当您有新护照时才填写：新护照的号码和有效期，两项都要填。
field-new-passport-number = 新护照号码
field-new-passport-expiry = 新护照有效期至
hint-transfer = 改选其他项目即为更换项目：该项目需有空余名额，您在当前项目的名额将转给下一位候补跑者。
hint-elite-transfer = 更换项目的精英跑者：请填写您在新距离上、于资格期内跑出的资格成绩。
field-new-qualifying-time = 新距离的资格成绩
hint-new-qualifying-time = 时:分:秒，不足一小时填分:秒。
field-new-qualifying-date = 该赛事日期
field-new-qualifying-race = 该赛事
hint-new-qualifying-race = 赛事名称和地点。
field-new-evidence-url = 该赛事的官方成绩链接
details-send = 提交更改
details-ended = 此报名已结束，因此无法再更改其信息。
details-closed = 信息更正已于{ $last_day }随报名一同截止。请回复任何一封有关您报名的邮件，{ $organisation }会为您提供帮助。
details-not-changed = { $reason }没有更改任何内容。
details-needs-look = 有些填写内容需要检查：尚未更改任何内容。
details-same = 与我们存有的信息没有任何不同：没有更改任何内容。
details-changed-meanwhile = 您的报名在此期间有变动：请检查后重新提交更改。没有更改任何内容。
error-new-passport-number = 新护照还需要填写新护照的号码。
error-new-passport-expiry = 新护照还需要填写新护照的有效期。
error-race-full = { $race }目前没有空余名额，因此您的报名仍留在{ $current }。
error-passport-taken = 另一项报名已使用此护照号码。
transfer-waiting = 候补中的报名会保留在{ $race }候补名单上的位置：如要参加其他项目，请撤回此报名后重新报名。
transfer-ineligible = 您的报名无法转到{ $race }：{ $explanation }
transfer-other-organisation = 如果改为{ $race }，您的报名将由{ $organisation }负责处理：请撤回此报名，然后重新报名该项目。
change-given-name = 名
change-family-name = 姓
change-email = 电子邮箱
change-emergency-name = 紧急联系人
change-emergency-phone = 紧急联系电话
change-passport-number = 护照号码
change-passport-expiry = 护照有效期至
change-race = 项目
change-line = { $field }：{ $before } → { $after }
change-separator = ；

## 无法接受报名的原因，以及精英规则
ineligible-too-young = { $race }的跑者在比赛日（{ $race_day }）须年满{ $minimum }岁，而您届时为{ $age }岁。{ $alternative }
ineligible-born-after-race-day = { $race }的跑者在比赛日（{ $race_day }）须年满{ $minimum }岁；您填写的出生日期晚于比赛日，请检查。
ineligible-no-race-at-age = 本届比赛没有向该年龄开放的项目。
ineligible-races-at-age = 按该年龄，您可以报名{ $races }。
race-list-one = { $race }
race-list-separator = 、
race-list-last = { $rest }或{ $last }
elite-field = { $race }{ $sex ->
    [female] 女子
   *[male] 男子
}精英标准（{ $standard }）
ineligible-no-elite-field = 本届比赛的{ $race }不设{ $sex ->
    [female] 女子
   *[male] 男子
}精英组。
ineligible-time-missing = 精英报名需要一项达到{ $field }的{ $race }资格成绩；请填写您的成绩、资格赛日期和成绩链接。
ineligible-date-missing = 精英报名需要填写您跑出{ $time }的那场比赛的日期，以便体育省核实成绩。
ineligible-date-future = 您的资格赛日期{ $date }晚于本次报名的日期；资格成绩必须是已经跑出的成绩。
ineligible-date-too-old = 您于{ $date }跑出的资格成绩时间过早：必须是在{ $window_start }当天或之后、即比赛日前{ $years }年内跑出的成绩。
ineligible-too-slow = 您的成绩{ $time }比{ $field }慢{ $by }。
instead-amateur = 您可以改为以业余跑者身份报名{ $race }。
instead-refused = 您也无法以业余组别报名：{ $message }
sentences = { $first }{ $second }
explain-elite-standard-met = { $margin ->
    [0] 您的成绩{ $time }恰好等于{ $field }，因此您的报名由{ $organisation }负责处理，该机构严格按资格成绩邀请精英跑者。
   *[other] 您的成绩{ $time }比{ $field }快{ $by }，因此您的报名由{ $organisation }负责处理，该机构严格按资格成绩邀请精英跑者。
}
