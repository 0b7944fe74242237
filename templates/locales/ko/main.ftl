# PIM Registration: 한국어

site-name = 평양국제마라톤
site-tagline = 외국인 참가 신청
site-footer = 출발과 도착은 평양 김일성경기장입니다. 신청에 관한 질문은 확인 메일에 회신해 주세요.
language-switch = 언어
required = 필수
event-name = 평양국제마라톤 { $edition }
places-left = { $count }자리

## 참가 신청서
register-title = 참가 신청
register-heading = { $event } 참가 신청
register-lead = 대회일은 { $race_day }입니다. 참가자 한 명당 이 양식을 한 번 작성해 주세요. * 표시된 항목은 필수입니다. 어느 기관이 신청을 처리하는지와 그 이유를 바로 알려 드립니다.
register-registered-already = 이미 신청하셨나요?
register-recover-link = 상태 페이지 링크 다시 받기
register-about-you = 신청자 정보
field-given-name = 이름
field-family-name = 성
hint-as-in-passport = 여권에 적힌 대로 입력하세요.
field-email = 이메일
hint-email = 확인 메일과 모든 안내를 이 주소로 보내 드립니다.
field-date-of-birth = 생년월일
hint-date-of-birth = 여권에 적힌 대로 입력하세요.
field-sex = 성별
hint-sex = 엘리트 기준 기록은 남녀가 다릅니다.
sex-female = 여성
sex-male = 남성
field-nationality = 국적
hint-nationality = 여권을 발급한 국가입니다.
choose-country = 국가를 선택하세요
register-passport = 여권
field-passport-number = 여권 번호
hint-passport-number = 여권에 인쇄된 영문자와 숫자를 그대로 입력하세요.
field-passport-expiry = 여권 만료일
hint-passport-expiry = 조선민주주의인민공화국 입국 규정: 최소 { $date }까지 유효해야 합니다.
register-your-race = 참가 종목
field-distance = 거리
hint-distance = 모든 경기는 09:00에 김일성경기장에서 출발합니다. 최소 연령은 대회일 기준입니다.
race-full = 마라톤 (42.195km)
race-half = 하프 마라톤 (21.0975km)
race-10k = 10km
race-5k = 5km
race-facts = 참가비 USD { $fee } · 제한 시간 { $limit } · { $age }세 이상
time-limit-minutes = { $minutes }분
time-limit-hours = { $hours }시간
time-limit-hours-minutes = { $hours }시간 { $minutes }분
field-category = 부문
category-amateur = 아마추어
category-elite = 엘리트: 체육성이 공인 기록 순으로만 초청합니다
hint-elite = 엘리트 참가자만 해당: 같은 거리에서 공인 기간 안에, 오늘 이전에 달성한 기록.
field-qualifying-time = 공인 기록
hint-qualifying-time = H:MM:SS, 1시간 미만이면 MM:SS. 예: 2:28:15 또는 31:40.
field-qualifying-date = 공인 기록 대회 날짜
field-qualifying-race = 공인 기록 대회
hint-qualifying-race = 대회 이름과 장소. 예: 베를린 마라톤 2026.
field-evidence-url = 공식 기록 링크
hint-evidence-url = https://로 시작합니다.
register-emergency = 비상 연락처
field-emergency-name = 이름
hint-emergency-name = 함께 여행하지 않는 사람.
field-emergency-phone = 전화번호
hint-emergency-phone = 국가 번호를 포함하세요. 예: +82 2 123 4567.
consent = 이 신청을 처리하기 위해 여권 정보를 포함한 제 개인정보가 처리되고, 신청을 담당하는 기관에 전달되는 것에 동의합니다.
register-send = 신청서 보내기

## 답변의 문제, 오류 코드별
error-given-name-length = 여권에 적힌 대로 이름을 입력하세요(최대 100자).
error-family-name-length = 여권에 적힌 대로 성을 입력하세요(최대 100자).
error-email-length = 이메일 주소는 최대 254자입니다.
error-email = name@example.com 같은 이메일 주소를 입력하세요.
error-email-dots = @ 앞부분은 점으로 시작하거나 끝날 수 없고, 점이 두 개 연속될 수 없습니다.
error-email-domain = @ 뒷부분은 example.com 같은 도메인 이름이어야 합니다.
error-qualifying-race-length = 대회 이름은 200자 미만으로 입력하세요.
error-url = 기록의 전체 웹 주소를 https://로 시작하여 입력하세요.
error-emergency-contact-name-length = 비상시 연락할 수 있는 사람의 이름을 입력하세요(최대 100자).
error-phone = +82 2 123 4567처럼 국가 번호를 포함한 전화번호를 입력하세요.
error-required-nationality = 국적을 선택하세요.
error-required-category = 부문을 선택하세요.
error-required-distance = 거리를 선택하세요.
error-required-sex = 성별을 선택하세요.
error-required-date-of-birth = 생년월일을 입력하세요.
error-required-qualifying-time = 기록을 입력하세요.
error-required-qualifying-date = 날짜를 입력하세요.
error-required-passport-number = 여권 번호를 입력하세요.
error-required-passport-expiry = 날짜를 입력하세요.
error-unknown-choice = "{ $value }"은(는) 선택지에 없습니다. 선택지 중 하나를 고르세요.
error-unknown-country = "{ $value }"은(는) ISO 3166-1 국가 코드가 아닙니다(SG, DE처럼 영문 두 글자).
error-date-format = 날짜는 1990-05-01처럼 YYYY-MM-DD 형식으로 입력하세요.
error-date-not-real = { $value }은(는) 존재하지 않는 날짜입니다.
error-date-implausible = 1900년 이전의 생년월일은 맞지 않습니다. 연도를 확인하세요.
error-born-after-race-day = 대회일 이후의 생년월일은 있을 수 없습니다. 연도를 확인해 주세요.
error-time-format = 기록은 H:MM:SS 또는 1시간 미만이면 MM:SS 형식으로 입력하세요. 예: 2:41:00 또는 29:45.
error-time-out-of-range = 분과 초는 00에서 59 사이여야 합니다.
error-time-zero = 기록은 0보다 길어야 합니다.
error-passport-characters = 여권 번호에는 영문자와 숫자만 있습니다.
error-passport-length = 여권 번호는 영문자와 숫자 5~20자입니다.
error-control-character = 이 답변에서 줄바꿈과 기타 제어 문자를 지우세요.
error-direction-control = 글자 방향을 바꾸는 숨은 문자를 지우세요.
error-blank = 이 답변을 보이는 글자나 숫자로 입력하세요.
error-faster-than-record = { $time }은(는) 세계 기록({ $record })보다 빠릅니다. 입력한 기록을 확인하세요.
error-elite-needs-qualifying-time = 엘리트 신청에는 공인 기록이 필요합니다.
error-elite-needs-qualifying-date = 엘리트 신청에는 공인 기록 대회 날짜가 필요합니다.
error-elite-needs-qualifying-race = 엘리트 신청에는 공인 기록 대회 이름이 필요합니다.
error-elite-needs-qualifying-evidence-url = 엘리트 신청에는 공식 기록 링크가 필요합니다.
error-passport-expires-too-soon = 여권은 대회일로부터 { $months }개월 뒤인 { $date }까지 유효해야 합니다(조선민주주의인민공화국 입국 규정). 신청 전에 여권을 갱신하세요.
error-passport-expiry-too-far = { $years }년보다 오래 유효한 여권은 없습니다. 만료일의 연도를 확인하세요.
error-consent = 개인정보 처리에 동의해 주세요. 동의하지 않으면 신청을 전달할 수 없습니다.
error-duplicate-passport = 이 여권으로 이번 대회에 이미 신청되어 있습니다. 본인의 신청이라면 확인 메일의 상태 링크를 여세요. 취소하셨다면 취소가 기록된 뒤 다시 신청할 수 있습니다.
error-language = "{ $value }"은(는) 지원하는 언어가 아닙니다: en, ko, zh-Hans, zh-Hant, ru.

## 신청서 위의 안내
notice-wait-title = 잠시 기다려 주세요
notice-wait-body = 짧은 시간에 같은 연결에서 신청이 너무 많이 들어와 이번 신청은 받지 않았습니다. 아무것도 저장되지 않았습니다. { $seconds }초 기다린 뒤 다시 보내 주세요. 입력한 답변은 아래에 있습니다.
notice-expired-title = 신청서를 다시 보내 주세요
notice-expired-body = 보안을 위해 이 신청서를 받을 수 없었습니다. 신청서가 만료되었거나 다른 페이지에서 왔습니다. 아무것도 저장되지 않았습니다. 입력한 답변은 아래에 있으니 확인 후 다시 보내 주세요.
notice-invalid-title = 답변 { $count }개를 고쳐 주세요
notice-invalid-body = 고칠 내용이 각 항목 아래에 표시되어 있습니다. 아직 아무것도 저장되지 않았습니다.
notice-ineligible-title = 이 신청은 현재 내용으로는 받을 수 없습니다
notice-duplicate-title = 이 여권은 이미 신청되어 있습니다
notice-duplicate-body = 새로 저장된 것은 없습니다.
notice-reused-title = 이미 사용된 신청서입니다
notice-reused-body = 이 신청서로 이미 한 명이 신청했습니다. 다른 참가자를 신청하려면 아래 답변을 확인하고 다시 보내 주세요. 새 신청서입니다.

## 규정의 표현: 기관, 종목, 배정, 다음 단계
organisation-elite-invitation = 조선민주주의인민공화국 체육성
organisation-state-agency = 조선민주주의인민공화국 국가여행사
organisation-licensed-operator = 고려투어스(공인 여행사)
race-name-full = 마라톤
race-name-half = 하프 마라톤
race-name-10k = 10km
race-name-5k = 5km
category-name-amateur = 아마추어
category-name-elite = 엘리트
region-east-asia = 동아시아
region-southeast-asia = 동남아시아
explain-east-southeast-asia-amateur = { $country } 출신 아마추어 참가자는 동아시아와 동남아시아의 신청을 담당하는 { $organisation }을(를) 통해 신청합니다.
explain-east-southeast-asia-exception = { $country }은(는) { $region }에 속하지만, { $country } 출신 참가자는 { $organisation }을(를) 통해 신청합니다.
explain-licensed-operator-default = { $country } 출신 아마추어 참가자는 동아시아와 동남아시아 밖의 모든 외국인 아마추어를 담당하는 { $organisation }을(를) 통해 신청합니다.
next-step-elite-invitation-1 = { $organisation }이(가) 공인 기록과 링크한 결과를 검토합니다.
next-step-elite-invitation-2 = 엘리트 신청은 { $last_day }에 마감되며, 이후 공인 기록 순으로만 초청합니다. 결과는 어느 쪽이든 이메일로 알려 드립니다.
next-step-state-agency-1 = { $organisation }에서 비자, 여행, 참가비에 관한 이메일을 보내 드립니다.
next-step-state-agency-2 = 국가여행사를 통한 신청은 { $last_day }에 마감됩니다.
next-step-licensed-operator-1 = { $organisation }에서 여행 상품과 결제 방법을 이메일로 보내 드립니다. 비자는 여행을 통해 준비됩니다.
next-step-licensed-operator-2 = 예약은 { $last_day }에 마감됩니다. 비자가 거절되면 전액 환불됩니다.
next-step-passport = 여권은 최소 { $valid_until }까지 유효해야 합니다. 조선민주주의인민공화국 비자는 약 4주가 걸리며 여권이 필요합니다.

## 신청 완료 페이지
confirmation-title = 신청이 접수되었습니다
confirmation-thanks = { $name }님, 감사합니다. 신청이 { $received }에 저장되었습니다.
confirmation-confirm-email = 이제 { $by }까지 이메일 주소를 확인해 주세요.
confirmation-confirm-email-how = 링크가 담긴 이메일을 보내 드렸습니다. 링크를 열고 버튼을 누르세요. 그때까지 주소가 확인되지 않으면 신청은 효력을 잃고 자리는 다음 대기자에게 넘어갑니다. 이메일이 없나요? 스팸 메일함을 확인하세요.
confirmation-waitlist = 지금은 자리가 모두 찼습니다. 대기자 명단 { $position }번입니다.
confirmation-waitlist-how = 자리가 나면 명단의 첫 번째 신청이 그 자리를 받고, 바로 이메일로 알려 드립니다. 상태 페이지에서 순번을 볼 수 있습니다.
fact-reference = 신청 번호
fact-handled-by = 담당 기관
fact-race = 종목
race-and-category = { $race }, { $category }
confirmation-why = 이 기관인 이유
confirmation-next = 다음 단계
confirmation-status-page = 상태 페이지
confirmation-status-page-before = {""}
confirmation-status-page-link = 비공개 상태 페이지
confirmation-status-page-after = 에서 신청 상태를 확인하세요. 즐겨찾기에 추가해 두세요. 이 링크가 열쇠이며 확인 메일에도 들어 있습니다. 다른 사람과 공유하지 마세요.
confirmation-documents = 보낼 서류
confirmation-documents-before = { $organisation }에 다음 서류가 필요합니다. 지금이나 나중에{" "}
confirmation-documents-after = 에서 올려 주세요. 서류마다 JPEG, PNG 또는 PDF 하나씩입니다.

## Emails
email-subject = 평양마라톤: { $what } ({ $reference })
email-what-registration-received = 신청 접수
email-what-accepted = 신청 승인
email-what-invited = 초청 안내
email-what-declined = 신청 불승인
email-what-waitlisted = 대기자 명단 등록
email-what-promoted = 자리가 났습니다
email-what-information-requested = 추가 정보 필요
email-what-status-link = 상태 페이지 링크
email-what-withdrawn = 신청 취소
email-what-answer-received = 답변 접수
email-what-document-refused = 서류 재제출 필요
email-what-details-changed = 정보 수정
email-what-transferred = 종목 변경
email-what-erasure-requested = 신청 삭제 확인
email-dear = { $name }님께,
email-confirm = { $by }까지 이메일 주소를 확인해 주세요. 이 링크를 열고 버튼을 누르세요.
email-confirm-link = 이메일 주소 확인하기
email-confirm-until = 그때까지는 자리가 임시로만 유지됩니다. 제때 주소가 확인되지 않으면 신청은 효력을 잃고 자리는 다음 대기자에게 넘어갑니다.
email-reference = 신청 번호: { $reference }
email-status-page = 상태 페이지(비공개, 공유하지 마세요): { $url }
email-status-page-link = 상태 페이지
email-status-page-private = (비공개, 공유하지 마세요)
email-lost-link-question = 상태 페이지 링크를 잃어버리셨나요?
email-lost-link-ask = 새 링크 요청하기
email-lost-link-text = 상태 페이지 링크를 잃어버리셨나요? 새 링크 요청하기: { $url }
email-footer = { $edition }, 대회일 { $race_day }. 질문이 있으면 신청 번호를 적어 이 메일에 회신해 주세요.
email-received = { $race }({ $category }) 신청을 받았습니다.
email-handled-by = 신청은 { $organisation }에서 담당합니다.
email-next = 다음 단계:
email-waitlisted = { $position ->
    [0] { $organisation }이(가) 담당하는 { $race }의 자리가 지금은 모두 찼기 때문에, 신청이 대기자 명단에 올라 있습니다.
   *[other] { $organisation }이(가) 담당하는 { $race }의 자리가 지금은 모두 찼기 때문에, 신청이 대기자 명단 { $position }번에 올라 있습니다.
}
email-waitlisted-then = 자리가 나면 명단의 첫 번째 신청이 그 자리를 받고, 바로 이메일로 알려 드립니다.
email-accepted = 좋은 소식입니다. { $race } 신청이 { $organisation }에서 승인되었습니다.
email-their-note = 전달 사항: { $note }
email-accepted-then = 다음 단계인 여행, 비자, 결제에 관해 연락을 드릴 것입니다.
email-invited = 축하합니다. { $organisation }이(가) 엘리트 선수로 { $race }에 초청합니다.
email-invited-then = 체육성에서 여행과 비자에 관해 연락을 드릴 것입니다.
email-declined = 죄송합니다. { $race } 신청은 { $organisation }에서 승인되지 않았습니다.
email-reason-given = 사유: { $note }
email-declined-then = 질문이 있으면 이 메일에 회신해 주세요.
email-promoted = 좋은 소식입니다. { $race }에 자리가 나서 이제 귀하의 신청이 그 자리를 받았습니다. 대기자 명단에서 빠졌습니다.
email-promoted-then = 다음 단계에 관해 { $organisation }에서 연락을 드릴 것입니다.
email-information-requested = { $organisation }에서 { $race } 신청을 결정하려면 추가 정보가 필요합니다.
email-what-they-ask = 요청 내용: { $note }
email-answer-here = 상태 페이지에서 답변하세요. 파일(JPEG, PNG 또는 PDF)도 보낼 수 있습니다:
email-answer-link = 상태 페이지에서 답변하기
email-answer-link-rest = . 파일(JPEG, PNG 또는 PDF)도 보낼 수 있습니다.
email-answer-no-link = 상태 페이지에서 답변하세요. 파일(JPEG, PNG 또는 PDF)도 보낼 수 있습니다. 링크는 확인 메일에 있습니다.
email-keeps-place = 답변하는 동안 신청의 자리는 유지됩니다.
email-status-link = 상태 페이지 링크를 다시 요청하셨습니다. 아래에 있습니다. 이전 링크는 더 이상 작동하지 않으며 이 링크로 대체됩니다.
email-status-link-ignore = 요청하지 않으셨다면 이 메일을 무시하셔도 됩니다. 새 링크는 이 메일을 읽을 수 있는 사람만 가지고 있습니다.
email-withdrawn = 요청하신 대로 { $race } 신청이 취소되었습니다. 그 자리는 다음 대기자에게 넘어가며, 더 하실 일은 없습니다.
email-withdrawn-then = 마음이 바뀌셨나요? 접수 기간에는 다시 신청할 수 있습니다. 신청서는 사이트에 있습니다.
email-answer-received = 감사합니다. { $race } 신청에 관한 답변이 보내신 파일과 함께 { $organisation }에 전달되었습니다. 검토하는 동안 신청의 자리는 유지되며, 결과는 이메일로 알려 드립니다.
email-your-answer = 답변 내용: { $note }
email-document-refused = { $organisation }에서 { $race } 신청에 필요한 서류를 새로 보내 달라고 요청합니다.
email-document-refused-named = { $organisation }에서 { $race } 신청에 필요한 서류를 새로 보내 달라고 요청합니다: { $document }.
email-why = 사유: { $note }
email-upload-again = 상태 페이지에서 다시 올려 주세요(JPEG, PNG 또는 PDF):
email-upload-again-link = 상태 페이지에서 다시 올려 주세요
email-upload-again-link-rest = (JPEG, PNG 또는 PDF).
email-upload-again-no-link = 상태 페이지에서 다시 올려 주세요(JPEG, PNG 또는 PDF). 링크는 확인 메일에 있습니다.
email-details-changed = 상태 페이지에서 요청하신 대로 { $race } 신청 정보가 수정되었습니다.
email-what-changed = 변경 내용: { $note }
email-not-you = 직접 변경하지 않으셨다면 즉시 이 메일에 회신해 주세요.
email-transferred = 상태 페이지에서 요청하신 대로 이제 { $race } 신청입니다. 신청 번호는 그대로이며 계속 { $organisation }에서 담당합니다.
email-erasure = 신청과 그에 관한 모든 정보의 삭제를 요청하셨습니다. 확인하려면 24시간 안에 이 링크를 열고 버튼을 누르세요:
email-erasure-link = 신청 삭제 확인하기
email-erasure-final = 삭제는 되돌릴 수 없습니다. 자리를 가진 신청은 그 자리를 다음 대기자에게 넘기고, 상태 페이지는 더 이상 작동하지 않습니다.
email-erasure-ignore = 요청하지 않으셨다면 이 메일을 무시하세요. 이 링크 없이는 아무것도 삭제되지 않습니다.

about = { $subject }: { $detail }

## 상태 페이지
status-title = 신청 현황
fact-runner = 참가자
fact-status = 상태
fact-waiting-list = 대기자 명단
fact-waiting-number = { $position }번
fact-email = 이메일 주소
fact-received = 접수
fact-last-change = 최근 변경
status-submitted = 접수됨: 신청을 담당하는 기관의 검토를 기다리고 있습니다.
status-information-requested = 추가 정보 필요: 아래 질문에 답변해 주세요.
status-information-provided = 답변 접수됨: 신청을 담당하는 기관이 검토한 뒤 알려 드립니다.
status-accepted = 승인됨: 신청을 담당하는 기관에서 여행, 비자, 결제에 관해 연락을 드릴 것입니다.
status-invited = 초청됨: 체육성이 엘리트 선수로 참가하도록 초청합니다.
status-waitlisted = 대기자 명단에 있음: 자리가 나는 대로 바로 이메일로 알려 드립니다.
status-declined = 승인되지 않음: 사유는 보내 드린 이메일을 확인하세요.
status-withdrawn = 취소됨: 이 신청을 취소하셨습니다.
status-lapsed = 효력 상실: 이메일 주소가 기한 안에 확인되지 않았습니다.
email-state-confirmed = { $at }에 확인됨
email-state-pending = 아직 확인되지 않음
email-state-lapsed = 확인되지 않음
email-state-pending-note = 이메일 주소를 확인해 주세요. 보내 드린 확인 메일의 링크를 { $by }까지 여세요. 그때까지 확인되지 않으면 이 신청은 효력을 잃고 자리는 다음 대기자에게 넘어갑니다.
email-state-lapsed-note = 이 신청은 효력을 잃었습니다. 이메일 주소가 { $by }까지 확인되지 않아 자리가 다음 대기자에게 넘어갔습니다. 다시 신청할 수 있습니다.
question-heading = { $organisation }의 질문
question-default = { $organisation }에서 신청에 관한 추가 정보가 필요합니다.
answer-label = 답변
answer-hint = 답변하는 동안 신청의 자리는 유지됩니다. 최대 { $limit }자입니다.
answer-files-label = 파일(선택)
answer-files-hint = 파일은 최대 { $count }개까지: JPEG, PNG 또는 PDF, 각각 최대 { $megabytes }MB입니다.
answer-send = 답변 보내기
documents-heading = 서류
documents-lead = { $organisation }에 다음 서류가 필요합니다. 서류마다 JPEG, PNG 또는 PDF 하나씩, 최대 { $megabytes }MB입니다. 사진은 위치와 카메라 정보를 지운 채 저장됩니다.
document-choose = 파일 선택: { $document }
document-replace = 파일 바꾸기: { $document }
document-upload = 올리기
sent-files-heading = 답변과 함께 보낸 파일
sent-file = { $name }({ $type }, { $size }), { $at }에 보냄
history-heading = 진행 내역
label-separator = :{" "}
details-heading = 정보에 잘못된 부분이 있나요?
details-link = 정보 수정 또는 종목 변경
details-link-after = : 이름, 이메일, 비상 연락처, 새 여권 또는 다른 종목.
withdraw-heading = 신청 취소
withdraw-confirm = 이 신청을 취소합니다. 되돌릴 수 없으며 제 자리가 다음 참가자에게 넘어간다는 것을 이해합니다.
withdraw-send = 신청 취소하기
your-data-heading = 내 정보
your-data-download = 이 신청에 관해 보관된 모든 정보의 사본 내려받기
your-data-download-after = {" "}(JSON 파일, 보낸 서류 포함).
your-data-erased-on = 개인정보는 { $date }에 삭제됩니다. 더 일찍 삭제하려면 여기에서 요청하세요. 확인 링크를 이메일로 보내 드리며, 그 링크로만 삭제됩니다.
erasure-confirm = 제 신청과 개인정보를 삭제합니다. 되돌릴 수 없다는 것을 이해합니다.
erasure-confirm-place = 제 신청과 개인정보를 삭제합니다. 되돌릴 수 없으며 제 자리가 다음 참가자에게 넘어간다는 것을 이해합니다.
erasure-send = 삭제 요청하기

## 작업 후 상태 페이지의 안내
done-answer = 감사합니다. 답변을 보냈습니다. 사본을 이메일로 보내 드렸습니다.
done-uploaded = 감사합니다. 서류를 받았습니다.
done-corrected = 완료: 정보가 수정되었습니다. 변경 내용을 이메일로 보내 드렸습니다.
done-transferred = 완료: 이제 선택하신 종목으로 신청되어 있습니다. 이메일을 보내 드렸습니다.
withdraw-tick = 취소를 확인하려면 상자에 체크하세요.
withdraw-too-late = 이 신청은 더 이상 취소할 수 없습니다.
changed-meanwhile = 그사이 신청이 변경되었습니다. 아래 내용을 확인하고 다시 시도하세요.
answer-empty = 답변을 쓰거나 보낼 파일을 선택하세요. 아무것도 전송되지 않았습니다.
answer-too-long = 답변은 { $limit }자 미만으로 써 주세요. 아무것도 전송되지 않았습니다.
answer-control-characters = 답변에 보이지 않는 제어 문자가 있습니다. 지워 주세요.
answer-no-question = 지금 이 신청에는 답변할 질문이 없습니다. 아무것도 전송되지 않았습니다.
answer-changed-meanwhile = 그사이 신청이 변경되었습니다. 아래 내용을 확인하고 답변을 다시 보내 주세요.
upload-which = 어떤 서류를 보내는지 선택하세요. 아무것도 저장되지 않았습니다.
upload-one-file = 이 서류에는 파일을 하나만 선택하세요: { $document }. 아무것도 저장되지 않았습니다.
upload-entry-ended = 이 신청은 종료되어 서류가 필요하지 않습니다. 아무것도 저장되지 않았습니다.
upload-empty = 파일이 비어 있습니다. JPEG, PNG 또는 PDF 파일을 다시 선택하세요. 아무것도 저장되지 않았습니다.
upload-too-large = 파일이 { $megabytes }MB보다 큽니다. 더 작은 스캔이나 사진을 JPEG, PNG 또는 PDF로 보내 주세요. 아무것도 저장되지 않았습니다.
upload-not-allowed = 이 파일은 JPEG, PNG 또는 PDF가 아닙니다. JPEG, PNG, PDF 파일만 받습니다. 아무것도 저장되지 않았습니다.
upload-unreadable = 이 파일은 { $type } 파일로 보이지만 읽을 수 없습니다. 사진을 다시 찍거나 다시 스캔하거나, PDF로 보내 주세요. 아무것도 저장되지 않았습니다.

## 참가자가 보는 신청 내역
step-received-waiting = 신청 접수. 종목의 자리가 모두 차서 대기자 명단에 올랐습니다
step-received = 신청 접수
step-moved-to-front = 대기자 명단 맨 앞으로 옮겨졌습니다
step-promoted = 자리가 나서 귀하의 신청이 그 자리를 받았습니다
step-email-confirmed = 이메일 주소 확인됨
step-lapsed = 효력 상실: 이메일 주소가 기한 안에 확인되지 않았습니다
step-new-link = 이 페이지의 새 링크를 이메일로 보내 드렸습니다. 이전 링크는 더 이상 작동하지 않습니다
step-document-sent = 서류를 보내셨습니다: { $document }
step-document-accepted = { $organisation }에서 승인: { $document }
step-document-refused = { $organisation }에서 재제출 요청
step-corrected = 정보를 수정하셨습니다
step-transferred = 종목을 변경하셨습니다
step-documents-erased = 보관 기간이 끝나 서류가 삭제되었습니다
step-erasure-requested = 삭제를 요청하셨습니다. 확인 링크를 이메일로 보내 드렸습니다
step-accepted = { $organisation }에서 승인
step-invited = { $organisation }에서 초청
step-declined = { $organisation }에서 승인하지 않음
step-information-requested = { $organisation }에서 추가 정보 요청
step-withdrawn = 취소됨
step-answered = 답변하셨습니다

## 기관에 필요한 서류
document-not-sent = 아직 보내지 않음
document-received = 접수됨: { $file }
document-accepted = 승인됨: { $file }
document-refused = 재제출 요청: { $file }
document-passport-data-page = 여권 정보면
document-passport-data-page-hint = 사진과 인적 사항이 있는 면을 스캔하거나 선명하게 찍은 사진. 네 모서리가 모두 보여야 합니다.
document-passport-photo = 여권 사진
document-passport-photo-hint = 최근에 찍은 컬러 얼굴 사진. 카메라를 바라보고, 밝은 단색 배경이어야 합니다.
document-qualifying-result = 공인 기록 증빙
document-qualifying-result-hint = 이름과 기록이 나와 있는 공인 기록 대회의 공식 기록표 또는 기록증.
document-attachment = 답변과 함께 보낸 파일
document-attachment-hint = 받으신 질문에 답이 되는 파일이면 무엇이든 됩니다.
upload-too-many = 한 번에 최대 { $count }개 파일까지 보내 주세요. 아무것도 저장되지 않았습니다.
upload-too-large-together = 파일을 합친 크기가 { $megabytes }MB보다 큽니다. 파일 수를 줄이거나 더 작은 파일을 보내 주세요. 아무것도 저장되지 않았습니다.
upload-broken = 업로드가 완전히 도착하지 않았습니다. 파일을 선택해 다시 보내 주세요. 아무것도 저장되지 않았습니다.
erasure-tick = 신청 삭제를 원하시는지 확인하려면 상자에 체크하세요.
erasure-asked = 삭제를 확인할 링크를 이메일로 보내 드렸습니다. 링크를 열고({ $hours }시간 안에) 확인하기 전에는 아무것도 삭제되지 않습니다.

## 제목과 몇 문장으로 된 페이지
back-to-form = 신청서로 돌아가기
not-open-title = 아직 접수가 시작되지 않았습니다
not-open-body = { $event } 참가 신청은 { $opens }에 시작됩니다.
not-open-come-back = 자리가 한정되어 있어 빨리 마감됩니다. 그때 다시 방문해 주세요.
not-open-nothing-saved = 참가 신청은 { $opens }에 시작됩니다. 아무것도 저장되지 않았습니다.
closed-title = 접수가 마감되었습니다
closed-body = { $event } 참가 신청은 모든 종목과 부문에서 마감되었습니다.
closed-entry-title = 이 접수는 마감되었습니다
closed-entry-body = { $channel }은 { $last_day }에 마감되어 이 신청을 받을 수 없습니다. 아무것도 저장되지 않았습니다.
closed-note = { $channel }은 { $last_day }에 마감되었습니다.
channel-elite-invitation = 엘리트 신청
channel-state-agency = 국가여행사를 통한 신청
channel-licensed-operator = 공인 여행사를 통한 예약
unreadable-title = 양식을 읽을 수 없습니다
unreadable-body = 브라우저가 올바른 UTF-8이 아닌 텍스트를 보내서 아무것도 저장되지 않았습니다.
unreadable-again = 이전 페이지로 돌아가 답변을 확인하고 양식을 다시 보내 주세요. 같은 일이 또 생기면 다른 브라우저를 사용해 보세요.
not-found-title = 페이지를 찾을 수 없습니다
not-found-body = 이 주소에는 페이지가 없습니다. 상태 링크는 확인 메일에서 전체를 그대로 복사해야 합니다.
unknown-link-title = 유효하지 않은 링크입니다
unknown-link-body = 링크가 잘렸을 수 있습니다. 이메일에서 링크 전체를 복사하세요. 이 신청에 관한 더 최근 이메일을 받으셨다면 그 이메일의 링크를 사용하세요.
form-expired-title = 다시 시도해 주세요
form-expired-body = 보안을 위해 이 양식을 받을 수 없었습니다. 양식이 만료되었거나 다른 페이지에서 왔습니다. 아무것도 변경되지 않았습니다. 이전 페이지로 돌아가 페이지를 새로 고친 뒤 다시 보내 주세요.
busy-title = 잠시 후 다시 시도해 주세요
busy-body = 지금 많은 참가자가 파일을 보내고 있어 보내신 파일을 읽지 못했습니다. 아무것도 저장되지 않았습니다. 이전 페이지로 돌아가 잠시 후 다시 보내 주세요.
unavailable-title = 잠시 후 다시 시도해 주세요
unavailable-body = 저희 쪽에 문제가 생겨 아무것도 저장되거나 변경되지 않았습니다. 이전 페이지로 돌아가 잠시 후 다시 시도해 주세요.
storage-full-title = 잠시 등록이 중단되었습니다
storage-full-body = 서버의 저장 공간이 부족하여 보내신 내용이 저장되지 않았습니다. 나중에 같은 양식으로 다시 시도해 주세요.

## 이메일 확인 링크 페이지
confirm-email-title = 이메일 주소 확인
confirm-email-body = 신청 번호 { $reference }: { $by }까지 버튼을 눌러 이 이메일 주소가 본인의 것임을 확인하세요. 그러면 신청의 자리가 유지됩니다.
confirm-email-button = 이메일 주소 확인하기
confirmed-title = 이메일 주소가 확인되었습니다
confirmed-body = 신청 번호 { $reference }: 신청의 자리가 유지됩니다. 다음 단계는 이메일에 있는 링크의 상태 페이지에서 볼 수 있습니다.
lapsed-title = 이 신청은 효력을 잃었습니다
lapsed-body = 신청 번호 { $reference }: 이메일 주소가 { $by }까지 확인되지 않아 신청이 효력을 잃었고, 그 자리는 다음 대기자에게 넘어갔습니다. 다시 신청할 수 있습니다.
ended-title = 이 신청은 종료되었습니다
ended-body = 신청 번호 { $reference }: { $status }

## 삭제 링크 페이지
erase-title = 신청 삭제
erase-body = 신청 번호 { $reference }: 버튼을 눌러 이름, 연락처, 생년월일, 여권 정보, 비상 연락처, 서류와 이 신청에 관한 메시지를 삭제하세요. 되돌릴 수 없습니다.
erase-holds-place = 이 신청은 자리를 가지고 있습니다. 그 자리는 다음 대기자에게 넘어갑니다.
erase-kept = 이름 없이 남는 정보는 대회 통계에만 집계됩니다: 국가, 종목, 부문, 성별, 연령대.
erase-button = 내 신청 삭제하기
erased-title = 신청이 삭제되었습니다
erased-body = 신청 번호 { $reference }: 신청과 그에 관한 모든 개인정보가 삭제되었습니다. 이 신청의 링크는 더 이상 작동하지 않습니다. 접수 기간에는 다시 신청할 수 있습니다.

## 상태 페이지 링크 다시 받기
recover-title = 상태 페이지 링크 다시 받기
recover-lead = 상태 페이지 링크가 담긴 이메일을 잃어버리셨나요? 신청할 때 쓴 이메일 주소를 입력하세요. 그 주소로 한 신청마다 새 링크를 이메일로 보내 드립니다. 새 링크는 이전 링크를 대체합니다.
recover-correct = 이 부분을 고쳐 주세요
recover-email-hint = 신청할 때 쓴 주소입니다.
recover-reference = 신청 번호(있는 경우)
recover-reference-hint = PIM-ABCD-2345 같은 형식입니다. 입력하면 그 신청의 링크만 보내 드립니다.
recover-send = 링크를 이메일로 받기
recover-error-email = 신청할 때 쓴 이메일 주소를 name@example.com 같은 형식으로 입력하세요.
recover-error-reference = 신청 번호는 PIM-ABCD-2345 같은 형식입니다. 없으면 비워 두세요.
recover-wait-title = 잠시 기다려 주세요
recover-wait-body = 짧은 시간에 같은 연결에서 링크 요청이 너무 많이 들어왔습니다. 이번에는 아무것도 보내지 않았습니다. { $seconds }초 후에 다시 시도해 주세요.
recover-sent-title = 이메일을 확인하세요
recover-sent-body = { $email } 주소로 신청한 { $event } 신청이 있다면, 그 주소로 상태 페이지 링크를 이메일로 보내 드렸습니다. 새 링크는 이전 링크를 대체하며, 이전 링크는 더 이상 작동하지 않습니다.
recover-sent-how = 도착하기까지 몇 분 걸릴 수 있습니다. 스팸 메일함도 확인하세요. 이메일이 오지 않았나요? 주소를 확인하고 다시 요청하거나, 저희가 보낸 이메일 중 아무것에나 회신해 주세요.

## 정보 수정
details-title = 정보 수정
details-back = ← 신청 현황
details-lead = 신청 번호 { $reference }. 잘못된 부분을 고쳐서 보내 주세요. 변경 내용을 이메일로 보내 드립니다.
details-fixed-heading = 여기에서 바꿀 수 없는 정보
details-fixed-before = { $elite ->
    [yes] 국적, 생년월일, 성별, 부문과 공인 기록에 따라 어느 기관이 신청을 어떻게 처리할지가 정해졌으므로, 이 항목들은 여기에서 수정할 수 없습니다. 이 중 잘못된 것이 있으면{" "}
   *[no] 국적, 생년월일, 성별, 부문에 따라 어느 기관이 신청을 어떻게 처리할지가 정해졌으므로, 이 항목들은 여기에서 수정할 수 없습니다. 이 중 잘못된 것이 있으면{" "}
}
details-fixed-link = 상태 페이지
details-fixed-after = 에서 이 신청을 취소하고 올바른 답변으로 다시 신청하세요.
hint-email-updates = 신청에 관한 모든 안내를 이 주소로 보내 드립니다.
details-new-passport = 새 여권
details-passport-held = 보관 중인 여권: { $passport }({ $expiry }까지 유효). 새 여권이 있는 경우에만 번호와 만료일을 모두 입력하세요.
field-new-passport-number = 새 여권 번호
field-new-passport-expiry = 새 여권 만료일
hint-transfer = 다른 종목을 고르면 종목 변경이 됩니다. 그 종목에 빈자리가 있어야 하며, 지금 종목의 자리는 다음 대기자에게 넘어갑니다.
hint-elite-transfer = 종목을 바꾸는 엘리트 참가자: 새 거리에서 공인 기간 안에 달성한 공인 기록.
field-new-qualifying-time = 새 거리의 공인 기록
hint-new-qualifying-time = H:MM:SS, 1시간 미만이면 MM:SS.
field-new-qualifying-date = 그 대회 날짜
field-new-qualifying-race = 그 대회
hint-new-qualifying-race = 대회 이름과 장소.
field-new-evidence-url = 그 대회의 공식 기록 링크
details-send = 변경 내용 보내기
details-ended = 이 신청은 종료되어 더 이상 정보를 변경할 수 없습니다.
details-closed = 정보 수정은 신청 접수와 함께 { $last_day }에 마감되었습니다. 신청에 관한 이메일 중 아무것에나 회신하시면 { $organisation }에서 도와 드립니다.
details-not-changed = { $reason } 아무것도 변경되지 않았습니다.
details-needs-look = 확인이 필요한 답변이 있습니다. 아직 아무것도 변경되지 않았습니다.
details-same = 보관된 정보와 다른 부분이 없어 아무것도 변경되지 않았습니다.
details-changed-meanwhile = 그사이 신청이 변경되었습니다. 내용을 확인하고 변경 내용을 다시 보내 주세요. 아무것도 변경되지 않았습니다.
error-new-passport-number = 새 여권을 입력하려면 새 여권 번호도 필요합니다.
error-new-passport-expiry = 새 여권을 입력하려면 새 여권 만료일도 필요합니다.
error-race-full = 지금 { $race }에는 빈자리가 없어 신청은 { $current }에 그대로 남습니다.
error-passport-taken = 이 여권 번호는 이미 다른 신청에서 사용하고 있습니다.
transfer-waiting = 대기 중인 신청은 { $race } 대기자 명단의 순번을 유지합니다. 다른 종목에 참가하려면 이 신청을 취소하고 다시 신청하세요.
transfer-ineligible = 신청을 { $race }(으)로 옮길 수 없습니다: { $explanation }
transfer-other-organisation = { $race }에서는 { $organisation }이(가) 신청을 담당하게 됩니다. 이 신청을 취소하고 그 종목으로 다시 신청하세요.
change-given-name = 이름
change-family-name = 성
change-email = 이메일
change-emergency-name = 비상 연락처
change-emergency-phone = 비상 연락 전화번호
change-passport-number = 여권 번호
change-passport-expiry = 여권 만료일
change-race = 종목
change-line = { $field }: { $before } → { $after }
change-separator = ;{" "}

## 신청을 받을 수 없는 이유와 엘리트 규정
ineligible-too-young = { $race } 참가자는 대회일인 { $race_day }에 { $minimum }세 이상이어야 하며, 귀하는 그날 { $age }세입니다. { $alternative }
ineligible-born-after-race-day = { $race } 참가자는 대회일인 { $race_day }에 { $minimum }세 이상이어야 합니다. 입력한 생년월일이 대회일보다 늦으니 확인해 주세요.
ineligible-no-race-at-age = 이 나이로 참가할 수 있는 이번 대회 종목은 없습니다.
ineligible-races-at-age = 이 나이로는 { $races }에 참가할 수 있습니다.
race-list-one = { $race }
race-list-separator = ,{" "}
race-list-last = { $rest } 또는 { $last }
elite-field = { $race } { $sex ->
    [female] 여자
   *[male] 남자
} 엘리트 기준 기록({ $standard })
ineligible-no-elite-field = 이번 대회 { $race }에는 { $sex ->
    [female] 여자
   *[male] 남자
} 엘리트 부문이 없습니다.
ineligible-time-missing = 엘리트 신청에는 { $field }을 충족하는 { $race } 공인 기록이 필요합니다. 기록과 그 대회 날짜, 공식 기록 링크를 입력하세요.
ineligible-date-missing = 엘리트 신청에는 { $time } 기록을 달성한 대회의 날짜가 필요합니다. 그래야 체육성이 기록을 확인할 수 있습니다.
ineligible-date-future = 공인 기록 대회 날짜({ $date })가 이 신청일보다 늦습니다. 공인 기록은 이미 달성한 기록이어야 합니다.
ineligible-date-too-old = { $date }에 달성한 공인 기록은 너무 오래되었습니다. 대회일 전 { $years }년 이내, 즉 { $window_start } 당일이나 그 이후에 달성한 기록이어야 합니다.
ineligible-too-slow = 귀하의 기록 { $time }은(는) { $field }보다 { $by } 느립니다.
instead-amateur = 대신 { $race }에 아마추어로 참가할 수 있습니다.
instead-refused = 아마추어 신청도 받을 수 없습니다: { $message }
sentences = { $first } { $second }
explain-elite-standard-met = { $margin ->
    [0] 귀하의 기록 { $time }은(는) { $field }과 같으므로, 엘리트 선수를 공인 기록 순으로만 초청하는 { $organisation }에서 신청을 담당합니다.
   *[other] 귀하의 기록 { $time }은(는) { $field }보다 { $by } 빠르므로, 엘리트 선수를 공인 기록 순으로만 초청하는 { $organisation }에서 신청을 담당합니다.
}
