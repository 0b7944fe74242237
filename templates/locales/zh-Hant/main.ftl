# PIM Registration: 繁體中文

site-name = 平壤國際馬拉松
site-tagline = 外國選手報名
site-footer = 起點和終點均在平壤金日成體育場。關於報名的問題，請回覆您的確認郵件。
language-switch = 語言
required = 必填
event-name = { $edition }平壤國際馬拉松
places-left = { $count }個名額

## 報名表
register-title = 報名
register-heading = 報名參加{ $event }
register-lead = 比賽日為{ $race_day }。每位跑者填寫一次本表；標有 * 的項目為必填。我們會立即告訴您由哪個機構處理您的報名及原因。
register-registered-already = 已經報名？
register-recover-link = 重新取得狀態頁面連結
register-about-you = 個人資料
field-given-name = 名
field-family-name = 姓
hint-as-in-passport = 與護照上一致。
field-email = 電子郵件
hint-email = 報名確認和每次更新都會寄到這裡。
field-date-of-birth = 出生日期
hint-date-of-birth = 與護照上一致。
field-sex = 性別
hint-sex = 精英標準男女不同。
sex-female = 女
sex-male = 男
field-nationality = 國籍
hint-nationality = 簽發您護照的國家或地區。
choose-country = 選擇國家或地區
register-passport = 護照
field-passport-number = 護照號碼
hint-passport-number = 按護照上印刷的字母和數字填寫。
field-passport-expiry = 護照有效期至
hint-passport-expiry = 朝鮮入境規定：護照有效期須至少到{ $date }。
register-your-race = 參賽項目
field-distance = 距離
hint-distance = 所有比賽均於09:00在金日成體育場出發。最低年齡以比賽日計算。
race-full = 全程馬拉松（42.195公里）
race-half = 半程馬拉松（21.0975公里）
race-10k = 10公里
race-5k = 5公里
race-facts = 報名費 { $fee } 美元 · 關門時間 { $limit } · { $age }歲及以上
time-limit-minutes = { $minutes }分鐘
time-limit-hours = { $hours }小時
time-limit-hours-minutes = { $hours }小時{ $minutes }分鐘
field-category = 組別
category-amateur = 業餘
category-elite = 精英：由體育省嚴格按資格成績邀請
hint-elite = 僅限精英跑者：同一距離、在資格期內且不晚於今天跑出的成績。
field-qualifying-time = 資格成績
hint-qualifying-time = 時:分:秒，不足一小時填分:秒，例如 2:28:15 或 31:40。
field-qualifying-date = 資格賽日期
field-qualifying-race = 資格賽
hint-qualifying-race = 賽事名稱和地點，例如2026柏林馬拉松。
field-evidence-url = 官方成績連結
hint-evidence-url = 以 https:// 開頭。
register-emergency = 緊急聯絡人
field-emergency-name = 姓名
hint-emergency-name = 不與您同行的人。
field-emergency-phone = 電話
hint-emergency-phone = 含國家代碼，例如 +852 2123 4567。
consent = 我同意為處理本報名而處理我的個人資料（包括護照資料），並將其提供給負責處理報名的機構。
register-send = 提交報名

## 填寫內容的問題，按錯誤代碼
error-given-name-length = 請按護照填寫您的名（最多100個字元）。
error-family-name-length = 請按護照填寫您的姓（最多100個字元）。
error-email-length = 電子郵件地址最多254個字元。
error-email = 請填寫電子郵件地址，例如 name@example.com。
error-email-dots = @ 前面的部分不能以點開頭或結尾，也不能有兩個連續的點。
error-email-domain = @ 後面的部分必須是網域名稱，例如 example.com。
error-qualifying-race-length = 賽事名稱請少於200個字元。
error-url = 請填寫成績的完整網址，以 https:// 開頭。
error-emergency-contact-name-length = 請填寫緊急情況下可以聯絡的人的姓名（最多100個字元）。
error-phone = 請填寫含國家代碼的電話號碼，例如 +852 2123 4567。
error-required-nationality = 請選擇國籍。
error-required-category = 請選擇組別。
error-required-distance = 請選擇距離。
error-required-sex = 請選擇性別。
error-required-date-of-birth = 請填寫出生日期。
error-required-qualifying-time = 請填寫成績。
error-required-qualifying-date = 請填寫日期。
error-required-passport-number = 請填寫護照號碼。
error-required-passport-expiry = 請填寫日期。
error-unknown-choice = 「{ $value }」不是可選項：請從中選擇一項。
error-unknown-country = 「{ $value }」不是 ISO 3166-1 國家代碼（兩個字母，例如 SG 或 DE）。
error-date-format = 日期請寫成 YYYY-MM-DD，例如 1990-05-01。
error-date-not-real = { $value } 不是真實存在的日期。
error-date-implausible = 1900年以前的出生日期不可能正確：請檢查年份。
error-born-after-race-day = 出生日期不可能晚於比賽日：請檢查年份。
error-time-format = 成績請寫成 H:MM:SS，不足一小時寫成 MM:SS，例如 2:41:00 或 29:45。
error-time-out-of-range = 分和秒必須在00到59之間。
error-time-zero = 成績必須大於零。
error-passport-characters = 護照號碼只包含字母和數字。
error-passport-length = 護照號碼由5到20個字母和數字組成。
error-control-character = 請刪除此項中的換行符和其他控制字元。
error-direction-control = 請刪除改變文字方向的隱藏字元。
error-blank = 請用可見的字母或數字填寫此項。
error-faster-than-record = { $time } 比世界紀錄（{ $record }）還快：請檢查您填寫的成績。
error-elite-needs-qualifying-time = 精英報名需要填寫資格成績。
error-elite-needs-qualifying-date = 精英報名需要填寫資格賽日期。
error-elite-needs-qualifying-race = 精英報名需要填寫資格賽名稱。
error-elite-needs-qualifying-evidence-url = 精英報名需要提供官方成績連結。
error-passport-expires-too-soon = 您的護照有效期必須至少到{ $date }，即比賽日後{ $months }個月（朝鮮入境規定）。請在報名前更換護照。
error-passport-expiry-too-far = 沒有護照的有效期超過{ $years }年：請檢查有效期的年份。
error-consent = 請同意處理您的個人資料：否則我們無法轉交您的報名。
error-duplicate-passport = 此護照在本屆比賽已有報名。如果是您本人的報名，請打開確認郵件中的狀態連結；如果您已退出，待退出記錄後即可重新報名。
error-language = 「{ $value }」不是支援的語言：en、ko、zh-Hans、zh-Hant 或 ru。

## 報名表上方的提示
notice-wait-title = 請稍候
notice-wait-body = 短時間內來自您網路連線的報名過多，因此未受理本次報名。沒有儲存任何內容。請等待{ $seconds }秒後重新提交：您填寫的內容在下方。
notice-expired-title = 請重新提交報名表
notice-expired-body = 為了您的安全，本表無法受理：它已過期，或來自其他頁面。沒有儲存任何內容。您填寫的內容在下方，請檢查後重新提交。
notice-invalid-title = 請修改{ $count }項填寫內容
notice-invalid-body = 每一項下方都標明了需要修改的地方。尚未儲存任何內容。
notice-ineligible-title = 按目前的內容我們無法接受此報名
notice-duplicate-title = 此護照已經報名
notice-duplicate-body = 沒有儲存新的內容。
notice-reused-title = 此表已被使用
notice-reused-body = 此表已經為一位跑者完成報名。要為另一位跑者報名，請檢查下方內容後重新提交：這是一份新表。

## 規程的措辭：機構、項目、分配、後續步驟
organisation-elite-invitation = 朝鮮體育省
organisation-state-agency = 朝鮮國家旅行社
organisation-licensed-operator = 高麗旅行社（Koryo Tours，持牌營運商）
race-name-full = 全程馬拉松
race-name-half = 半程馬拉松
race-name-10k = 10公里
race-name-5k = 5公里
category-name-amateur = 業餘
category-name-elite = 精英
region-east-asia = 東亞
region-southeast-asia = 東南亞
explain-east-southeast-asia-amateur = 來自{ $country }的業餘跑者透過{ $organisation }報名，該機構負責東亞和東南亞的報名。
explain-east-southeast-asia-exception = 來自{ $country }的跑者透過{ $organisation }報名，儘管{ $country }位於{ $region }。
explain-licensed-operator-default = 來自{ $country }的業餘跑者透過{ $organisation }報名，該機構負責東亞和東南亞以外的所有外國業餘跑者。
next-step-elite-invitation-1 = { $organisation }將審核您的資格成績和您提供的成績連結。
next-step-elite-invitation-2 = 精英報名於{ $last_day }截止；之後嚴格按資格成績發出邀請，無論結果如何都會以電子郵件通知您。
next-step-state-agency-1 = { $organisation }將以電子郵件與您聯絡簽證、行程和報名費事宜。
next-step-state-agency-2 = 透過國家旅行社的報名於{ $last_day }截止。
next-step-licensed-operator-1 = { $organisation }將以電子郵件寄送旅遊套裝和付款方式。您的簽證透過旅行團辦理。
next-step-licensed-operator-2 = 預訂於{ $last_day }截止。簽證被拒將全額退款。
next-step-passport = 請確保護照有效期至少到{ $valid_until }：朝鮮簽證約需四週辦理，並需要護照。

## 報名確認頁
confirmation-title = 已收到報名
confirmation-thanks = 謝謝您，{ $name }。您的報名已於{ $received }儲存。
confirmation-confirm-email = 現在請在{ $by }之前確認您的電子郵件地址。
confirmation-confirm-email-how = 我們已寄給您一封附連結的郵件：請打開連結並按下按鈕。如果屆時地址仍未確認，您的報名將失效，名額將轉給下一位候補跑者。沒有收到郵件？請查看垃圾郵件資料夾。
confirmation-waitlist = 目前名額已滿：您在候補名單上排第{ $position }位。
confirmation-waitlist-how = 一旦有名額釋出，名單上的第一位將獲得名額，我們會立即寄郵件通知您。狀態頁面會顯示您的位置。
fact-reference = 您的報名編號
fact-handled-by = 負責機構
fact-race = 項目
race-and-category = { $race }（{ $category }）
confirmation-why = 為何由此機構負責
confirmation-next = 後續步驟
confirmation-status-page = 您的狀態頁面
confirmation-status-page-before = 請在{""}
confirmation-status-page-link = 您的私人狀態頁面
confirmation-status-page-after = 查看報名進展。請加入書籤：此連結就是您的鑰匙，確認郵件中也有。請勿分享。
confirmation-documents = 需要提交的文件
confirmation-documents-before = { $organisation }需要以下文件。請現在或稍後在{""}
confirmation-documents-after = 上傳：每份文件為一個 JPEG、PNG 或 PDF。

## Emails
email-subject = 平壤馬拉松：{ $what }（{ $reference }）
email-what-registration-received = 已收到報名
email-what-accepted = 報名已接受
email-what-invited = 您已獲邀請
email-what-declined = 報名未被接受
email-what-waitlisted = 已列入候補名單
email-what-promoted = 為您留出名額
email-what-information-requested = 需要更多資料
email-what-status-link = 您的狀態連結
email-what-withdrawn = 報名已撤回
email-what-answer-received = 已收到答覆
email-what-document-refused = 需要重新提交文件
email-what-details-changed = 資料已更正
email-what-transferred = 項目已更改
email-what-erasure-requested = 確認刪除您的報名
email-dear = { $name }，您好：
email-confirm = 請在{ $by }之前確認您的電子郵件地址：打開此連結並按下按鈕。
email-confirm-link = 確認我的電子郵件地址
email-confirm-until = 在此之前，您的名額只是暫時保留：如果未能按時確認地址，報名將失效，名額將轉給下一位候補跑者。
email-reference = 您的報名編號：{ $reference }
email-status-page = 您的狀態頁面（私人連結，請勿分享）：{ $url }
email-status-page-link = 您的狀態頁面
email-status-page-private = （私人連結，請勿分享）
email-lost-link-question = 遺失了狀態頁面連結？
email-lost-link-ask = 申請新的連結
email-lost-link-text = 遺失了狀態頁面連結？申請新的連結：{ $url }
email-footer = { $edition }，比賽日{ $race_day }。如有疑問，請回覆本郵件並註明您的報名編號。
email-received = 我們已收到您的{ $race }（{ $category }）報名。
email-handled-by = 您的報名由{ $organisation }負責處理。
email-next = 後續步驟：
email-waitlisted = { $position ->
    [0] { $organisation }負責的{ $race }名額目前已滿，因此您的報名已列入候補名單。
   *[other] { $organisation }負責的{ $race }名額目前已滿，因此您的報名已列入候補名單，排第{ $position }位。
}
email-waitlisted-then = 一旦有名額釋出，名單上的第一位將獲得名額，我們會立即寄郵件通知您。
email-accepted = 好消息：您的{ $race }報名已被{ $organisation }接受。
email-their-note = 他們的備註：{ $note }
email-accepted-then = 他們將就後續步驟與您聯絡：行程、簽證和付款。
email-invited = 恭喜：{ $organisation }邀請您以精英運動員身分參加{ $race }。
email-invited-then = 體育省將就您的行程和簽證與您聯絡。
email-declined = 很抱歉：{ $organisation }未能接受您的{ $race }報名。
email-reason-given = 給出的理由：{ $note }
email-declined-then = 如有疑問，請回覆本郵件。
email-promoted = 好消息：{ $race }有名額釋出，您的報名現已獲得該名額。您已不在候補名單上。
email-promoted-then = { $organisation }將就後續步驟與您聯絡。
email-information-requested = 您的{ $race }報名需要補充資料，{ $organisation }才能作出決定。
email-what-they-ask = 他們的問題：{ $note }
email-answer-here = 請在您的狀態頁面上答覆，也可以在那裡傳送檔案（JPEG、PNG 或 PDF）：
email-answer-link = 在您的狀態頁面上答覆
email-answer-link-rest = ，也可以在那裡傳送檔案（JPEG、PNG 或 PDF）。
email-answer-no-link = 請在您的狀態頁面上答覆，也可以在那裡傳送檔案（JPEG、PNG 或 PDF）：連結在您的確認郵件中。
email-keeps-place = 在您答覆期間，您的報名保留名額。
email-status-link = 您再次申請了狀態頁面連結。新連結在下方：它取代您原有的連結，原連結已失效。
email-status-link-ignore = 如果不是您申請的，可以忽略本郵件：只有能讀取您郵件的人才擁有新連結。
email-withdrawn = 按您的要求，您的{ $race }報名已撤回。名額將轉給下一位候補跑者，您無需再做任何事。
email-withdrawn-then = 改變主意了？報名開放期間您可以重新報名：報名表在網站上。
email-answer-received = 謝謝：您關於{ $race }報名的答覆及所傳送的檔案已送達{ $organisation }。審核期間您的報名保留名額，他們會以電子郵件與您聯絡。
email-your-answer = 您的答覆：{ $note }
email-document-refused = { $organisation }需要您為{ $race }報名重新提交一份文件。
email-document-refused-named = { $organisation }需要您為{ $race }報名重新提交一份文件：{ $document }。
email-why = 原因：{ $note }
email-upload-again = 請在您的狀態頁面上重新上傳（JPEG、PNG 或 PDF）：
email-upload-again-link = 請在您的狀態頁面上重新上傳
email-upload-again-link-rest = （JPEG、PNG 或 PDF）。
email-upload-again-no-link = 請在您的狀態頁面上重新上傳（JPEG、PNG 或 PDF）：連結在您的確認郵件中。
email-details-changed = 按您在狀態頁面上的要求，您的{ $race }報名資料已更正。
email-what-changed = 更改內容：{ $note }
email-not-you = 如果不是您本人所做的更改，請立即回覆本郵件。
email-transferred = 按您在狀態頁面上的要求，您的報名現為{ $race }。報名編號不變，仍由{ $organisation }負責處理。
email-erasure = 您申請刪除您的報名及其全部相關資料。如需確認，請在24小時內打開此連結並按下按鈕：
email-erasure-link = 確認刪除我的報名
email-erasure-final = 刪除無法復原：占有名額的報名會把名額讓給下一位候補跑者，您的狀態頁面也將失效。
email-erasure-ignore = 如果不是您申請的，請忽略本郵件：沒有此連結，任何內容都不會被刪除。

about = { $subject }：{ $detail }

## 狀態頁面
status-title = 您的報名
fact-runner = 跑者
fact-status = 狀態
fact-waiting-list = 候補名單
fact-waiting-number = 第{ $position }位
fact-email = 電子郵件地址
fact-received = 收到時間
fact-last-change = 最近更改
status-submitted = 已收到：等待負責您報名的機構審核。
status-information-requested = 需要更多資料：請回答下面的問題。
status-information-provided = 已收到答覆：負責您報名的機構將進行審核並通知您。
status-accepted = 已接受：負責您報名的機構將就行程、簽證和付款與您聯絡。
status-invited = 已獲邀請：體育省邀請您以精英運動員身分參賽。
status-waitlisted = 在候補名單上：一旦有名額為您釋出，我們會立即寄郵件通知您。
status-declined = 未被接受：原因請見我們寄給您的郵件。
status-withdrawn = 已撤回：您已撤回此報名。
status-lapsed = 已失效：電子郵件地址未按時確認。
email-state-confirmed = 已於{ $at }確認
email-state-pending = 尚未確認
email-state-lapsed = 未確認
email-state-pending-note = 請確認您的電子郵件地址：請在{ $by }之前打開我們寄給您的確認郵件中的連結。如果屆時仍未確認，此報名將失效，名額將轉給下一位候補跑者。
email-state-lapsed-note = 此報名已失效：電子郵件地址未在{ $by }之前確認，因此名額已轉給下一位候補跑者。您可以重新報名。
question-heading = { $organisation }的問題
question-default = { $organisation }需要關於您報名的更多資料。
answer-label = 您的答覆
answer-hint = 在您答覆期間，您的報名保留名額。最多{ $limit }個字元。
answer-files-label = 檔案（選填）
answer-files-hint = 最多{ $count }個檔案：JPEG、PNG 或 PDF，每個不超過 { $megabytes } MB。
answer-send = 傳送我的答覆
documents-heading = 文件
documents-lead = { $organisation }需要以下文件：每份一個 JPEG、PNG 或 PDF 檔案，不超過 { $megabytes } MB。相片儲存時會去除拍攝位置和相機資料。
document-choose = 選擇檔案：{ $document }
document-replace = 替換檔案：{ $document }
document-upload = 上傳
sent-files-heading = 您隨答覆傳送的檔案
sent-file = { $name }（{ $type }，{ $size }），於{ $at }傳送
history-heading = 報名進展
label-separator = ：
details-heading = 資料有誤？
details-link = 更正您的資料或更改項目
details-link-after = ：姓名、電子郵件、緊急聯絡人、新護照或其他項目。
withdraw-heading = 撤回報名
withdraw-confirm = 我撤回此報名。我明白此操作無法復原，我的名額將轉給下一位跑者。
withdraw-send = 撤回我的報名
your-data-heading = 您的資料
your-data-download = 下載此報名所存全部資料的副本
your-data-download-after = （JSON 檔案，含您提交的文件）。
your-data-erased-on = 您的個人資料將於{ $date }刪除。如需提前刪除，請在此申請：我們會以電子郵件寄送確認連結，只有該連結才能刪除。
erasure-confirm = 刪除我的報名和個人資料。我明白此操作無法復原。
erasure-confirm-place = 刪除我的報名和個人資料。我明白此操作無法復原，我的名額將轉給下一位跑者。
erasure-send = 申請刪除

## 操作後狀態頁面的提示
done-answer = 謝謝：您的答覆已傳送。我們已以電子郵件寄給您一份副本。
done-uploaded = 謝謝：已收到文件。
done-corrected = 完成：您的資料已更正。我們已以電子郵件告知您更改內容。
done-transferred = 完成：您的報名現為您選擇的項目。我們已寄郵件通知您。
withdraw-tick = 請勾選方塊以確認撤回。
withdraw-too-late = 此報名已無法撤回。
changed-meanwhile = 您的報名在此期間有變動：請檢查下方內容後重試。
answer-empty = 請填寫答覆，或選擇要傳送的檔案。沒有傳送任何內容。
answer-too-long = 答覆請少於{ $limit }個字元。沒有傳送任何內容。
answer-control-characters = 您的答覆包含看不見的控制字元：請刪除。
answer-no-question = 此報名目前沒有需要答覆的問題。沒有傳送任何內容。
answer-changed-meanwhile = 您的報名在此期間有變動：請檢查下方內容後重新傳送答覆。
upload-which = 請選擇您要傳送的是哪份文件。沒有儲存任何內容。
upload-one-file = 此文件請只選擇一個檔案：{ $document }。沒有儲存任何內容。
upload-entry-ended = 此報名已結束，因此不需要文件。沒有儲存任何內容。
upload-empty = 檔案是空的。請重新選擇檔案：JPEG、PNG 或 PDF。沒有儲存任何內容。
upload-too-large = 檔案大於 { $megabytes } MB。請傳送較小的掃描檔或相片：JPEG、PNG 或 PDF。沒有儲存任何內容。
upload-not-allowed = 此檔案不是 JPEG、PNG 或 PDF。只接受 JPEG、PNG 和 PDF 檔案。沒有儲存任何內容。
upload-unreadable = 此檔案看似 { $type }，但無法讀取。請重新拍照或掃描，或傳送 PDF。沒有儲存任何內容。

## 跑者看到的報名記錄
step-received-waiting = 已收到報名；該項目名額已滿，因此列入候補名單
step-received = 已收到報名
step-moved-to-front = 已移至候補名單首位
step-promoted = 有名額釋出，您的報名獲得了該名額
step-email-confirmed = 電子郵件地址已確認
step-lapsed = 已失效：電子郵件地址未按時確認
step-new-link = 已以電子郵件寄出此頁面的新連結；舊連結已失效
step-document-sent = 您傳送了{ $document }
step-document-accepted = { $organisation }已接受：{ $document }
step-document-refused = { $organisation }要求重新提交
step-corrected = 您更正了資料
step-transferred = 您更改了項目
step-documents-erased = 您的文件已刪除：保存期限已滿
step-erasure-requested = 您申請了刪除：確認連結已以電子郵件寄給您
step-accepted = { $organisation }已接受
step-invited = { $organisation }已邀請
step-declined = { $organisation }未接受
step-information-requested = { $organisation }要求提供更多資料
step-withdrawn = 已撤回
step-answered = 您已答覆

## 機構需要的文件
document-not-sent = 尚未傳送
document-received = 已收到：{ $file }
document-accepted = 已接受：{ $file }
document-refused = 要求重新提交：{ $file }
document-passport-data-page = 護照資料頁
document-passport-data-page-hint = 印有您相片和個人資料那一頁的掃描檔或清晰相片，四個角都要清楚可見。
document-passport-photo = 護照相片
document-passport-photo-hint = 近期彩色正面相片，直視鏡頭，淺色素色背景。
document-qualifying-result = 資格成績證明
document-qualifying-result-hint = 資格賽的官方成績單或證書，顯示您的姓名和成績。
document-attachment = 隨答覆傳送的檔案
document-attachment-hint = 任何能回答您所收到問題的檔案。
upload-too-many = 一次最多傳送{ $count }個檔案。沒有儲存任何內容。
upload-too-large-together = 這些檔案合計大於 { $megabytes } MB。請減少檔案數量或傳送較小的檔案。沒有儲存任何內容。
upload-broken = 上傳的內容不完整。請重新選擇檔案並傳送。沒有儲存任何內容。
erasure-tick = 請勾選方塊以確認您要刪除您的報名。
erasure-asked = 我們已以電子郵件寄給您確認刪除的連結。在您打開連結（{ $hours }小時內）並確認之前，不會刪除任何內容。

## 附標題和簡短說明的頁面
back-to-form = 返回報名表
not-open-title = 報名尚未開始
not-open-body = { $event }的報名將於{ $opens }開始。
not-open-come-back = 名額有限，很快就會額滿：屆時請再來。
not-open-nothing-saved = 報名將於{ $opens }開始。沒有儲存任何內容。
closed-title = 報名已截止
closed-body = { $event }所有項目和組別的報名均已截止。
closed-entry-title = 此報名管道已截止
closed-entry-body = { $channel }已於{ $last_day }截止，因此無法受理此報名。沒有儲存任何內容。
closed-note = { $channel }已於{ $last_day }截止。
channel-elite-invitation = 精英報名
channel-state-agency = 透過國家旅行社的報名
channel-licensed-operator = 透過持牌營運商的預訂
unreadable-title = 無法讀取表單
unreadable-body = 您的瀏覽器傳送的文字不是有效的 UTF-8，因此沒有儲存任何內容。
unreadable-again = 請返回，檢查您填寫的內容後重新提交表單；如果再次發生，請改用其他瀏覽器。
not-found-title = 找不到頁面
not-found-body = 此網址沒有頁面。狀態連結必須從確認郵件中完整複製。
unknown-link-title = 此連結無效
unknown-link-body = 連結可能不完整：請從郵件中複製完整的連結。如果您之後又收到關於此報名的郵件，請使用那封郵件中的連結。
form-expired-title = 請再試一次
form-expired-body = 為了您的安全，本表無法受理：它已過期，或來自其他頁面。沒有更改任何內容。請返回，重新載入頁面後再次提交。
busy-title = 請稍後再試
busy-body = 目前有很多跑者正在傳送檔案，您傳送的檔案未能讀取。沒有儲存任何內容。請返回，一分鐘後重新傳送。
unavailable-title = 請稍後再試
unavailable-body = 我們這邊出了問題，沒有儲存或更改任何內容。請返回，一分鐘後再試。
storage-full-title = 報名暫時中斷
storage-full-body = 我們的伺服器儲存空間已滿，您提交的內容均未儲存。請稍後使用同一表單再試。

## 電子郵件確認連結頁面
confirm-email-title = 確認您的電子郵件地址
confirm-email-body = 報名編號{ $reference }：請在{ $by }之前按下按鈕，確認此電子郵件地址屬於您。這樣您的報名將保留名額。
confirm-email-button = 確認我的電子郵件地址
confirmed-title = 您的電子郵件地址已確認
confirmed-body = 報名編號{ $reference }：您的報名保留名額。郵件中連結的狀態頁面會顯示後續步驟。
lapsed-title = 此報名已失效
lapsed-body = 報名編號{ $reference }：由於電子郵件地址未在{ $by }之前確認，此報名已失效，名額已轉給下一位候補跑者。您可以重新報名。
ended-title = 此報名已結束
ended-body = 報名編號{ $reference }：{ $status }

## 刪除連結頁面
erase-title = 刪除您的報名
erase-body = 報名編號{ $reference }：按下按鈕即可刪除您的姓名、聯絡方式、出生日期、護照資料、緊急聯絡人、文件以及有關此報名的訊息。此操作無法復原。
erase-holds-place = 您的報名占有名額：名額將轉給下一位候補跑者。
erase-kept = 保留的內容不含您的姓名，僅計入比賽統計：您的國家或地區、項目、組別、性別和年齡層。
erase-button = 刪除我的報名
erased-title = 您的報名已刪除
erased-body = 報名編號{ $reference }：此報名及其全部個人資料已刪除，其連結已失效。報名開放期間您可以重新報名。

## 重新取得狀態連結
recover-title = 重新取得狀態連結
recover-lead = 遺失了附有狀態頁面連結的郵件？請填寫您報名時使用的電子郵件地址：我們會為用該地址提交的每一項報名寄出新連結。新連結取代舊連結。
recover-correct = 請修改此項
recover-email-hint = 您報名時使用的地址。
recover-reference = 報名編號（如有）
recover-reference-hint = 例如 PIM-ABCD-2345：填寫後只寄出該報名的連結。
recover-send = 以電子郵件寄給我連結
recover-error-email = 請填寫您報名時使用的電子郵件地址，例如 name@example.com。
recover-error-reference = 報名編號的格式如 PIM-ABCD-2345；如果沒有，請留空。
recover-wait-title = 請稍候
recover-wait-body = 短時間內來自您網路連線的連結申請過多。本次沒有寄出任何內容。請在{ $seconds }秒後再試。
recover-sent-title = 請查看您的電子郵件
recover-sent-body = 如果{ $email }曾用於報名{ $event }，我們已將狀態頁面連結寄到該地址。新連結取代舊連結，舊連結已失效。
recover-sent-how = 郵件可能需要幾分鐘才會送達：也請查看垃圾郵件資料夾。沒有收到？請檢查地址後重新申請，或回覆我們寄給您的任何一封郵件。

## 更正資料
details-title = 更正您的資料
details-back = ← 您的報名
details-lead = 報名編號{ $reference }。請修改有誤的內容後提交：我們會以電子郵件告知您更改內容。
details-fixed-heading = 此處無法更改的內容
details-fixed-before = { $elite ->
    [yes] 您的國籍、出生日期、性別和組別以及資格成績決定了由哪個機構處理您的報名以及如何處理，因此不能在此直接修改。如果其中有誤，請在
   *[no] 您的國籍、出生日期、性別和組別決定了由哪個機構處理您的報名以及如何處理，因此不能在此直接修改。如果其中有誤，請在
}
details-fixed-link = 您的狀態頁面
details-fixed-after = 撤回此報名，然後以正確的資料重新報名。
hint-email-updates = 有關您報名的每次更新都會寄到這裡。
details-new-passport = 新護照
details-passport-held = 我們存有的護照為{ $passport }，有效期至{ $expiry }。僅在您有新護照時才填寫：新護照的號碼和有效期，兩項都要填。
field-new-passport-number = 新護照號碼
field-new-passport-expiry = 新護照有效期至
hint-transfer = 改選其他項目即為更換項目：該項目需有空餘名額，您在目前項目的名額將轉給下一位候補跑者。
hint-elite-transfer = 更換項目的精英跑者：請填寫您在新距離、於資格期內跑出的資格成績。
field-new-qualifying-time = 新距離的資格成績
hint-new-qualifying-time = 時:分:秒，不足一小時填分:秒。
field-new-qualifying-date = 該賽事日期
field-new-qualifying-race = 該賽事
hint-new-qualifying-race = 賽事名稱和地點。
field-new-evidence-url = 該賽事的官方成績連結
details-send = 提交更改
details-ended = 此報名已結束，因此無法再更改其資料。
details-closed = 資料更正已於{ $last_day }隨報名一同截止。請回覆任何一封有關您報名的郵件，{ $organisation }會為您提供協助。
details-not-changed = { $reason }沒有更改任何內容。
details-needs-look = 有些填寫內容需要檢查：尚未更改任何內容。
details-same = 與我們存有的資料沒有任何不同：沒有更改任何內容。
details-changed-meanwhile = 您的報名在此期間有變動：請檢查後重新提交更改。沒有更改任何內容。
error-new-passport-number = 新護照還需要填寫新護照的號碼。
error-new-passport-expiry = 新護照還需要填寫新護照的有效期。
error-race-full = { $race }目前沒有空餘名額，因此您的報名仍留在{ $current }。
error-passport-taken = 另一項報名已使用此護照號碼。
transfer-waiting = 候補中的報名會保留在{ $race }候補名單上的位置：如要參加其他項目，請撤回此報名後重新報名。
transfer-ineligible = 您的報名無法轉到{ $race }：{ $explanation }
transfer-other-organisation = 如果改為{ $race }，您的報名將由{ $organisation }負責處理：請撤回此報名，然後重新報名該項目。
change-given-name = 名
change-family-name = 姓
change-email = 電子郵件
change-emergency-name = 緊急聯絡人
change-emergency-phone = 緊急聯絡電話
change-passport-number = 護照號碼
change-passport-expiry = 護照有效期至
change-race = 項目
change-line = { $field }：{ $before } → { $after }
change-separator = ；

## 無法接受報名的原因，以及精英規則
ineligible-too-young = { $race }的跑者在比賽日（{ $race_day }）須年滿{ $minimum }歲，而您屆時為{ $age }歲。{ $alternative }
ineligible-born-after-race-day = { $race }的跑者在比賽日（{ $race_day }）須年滿{ $minimum }歲；您填寫的出生日期晚於比賽日，請檢查。
ineligible-no-race-at-age = 本屆比賽沒有向該年齡開放的項目。
ineligible-races-at-age = 按該年齡，您可以報名{ $races }。
race-list-one = { $race }
race-list-separator = 、
race-list-last = { $rest }或{ $last }
elite-field = { $race }{ $sex ->
    [female] 女子
   *[male] 男子
}精英標準（{ $standard }）
ineligible-no-elite-field = 本屆比賽的{ $race }不設{ $sex ->
    [female] 女子
   *[male] 男子
}精英組。
ineligible-time-missing = 精英報名需要一項達到{ $field }的{ $race }資格成績；請填寫您的成績、資格賽日期和成績連結。
ineligible-date-missing = 精英報名需要填寫您跑出{ $time }的那場比賽的日期，以便體育省核實成績。
ineligible-date-future = 您的資格賽日期{ $date }晚於本次報名的日期；資格成績必須是已經跑出的成績。
ineligible-date-too-old = 您於{ $date }跑出的資格成績時間過早：必須是在{ $window_start }當天或之後、即比賽日前{ $years }年內跑出的成績。
ineligible-too-slow = 您的成績{ $time }比{ $field }慢{ $by }。
instead-amateur = 您可以改為以業餘跑者身分報名{ $race }。
instead-refused = 您也無法以業餘組別報名：{ $message }
sentences = { $first }{ $second }
explain-elite-standard-met = { $margin ->
    [0] 您的成績{ $time }恰好等於{ $field }，因此您的報名由{ $organisation }負責處理，該機構嚴格按資格成績邀請精英跑者。
   *[other] 您的成績{ $time }比{ $field }快{ $by }，因此您的報名由{ $organisation }負責處理，該機構嚴格按資格成績邀請精英跑者。
}
