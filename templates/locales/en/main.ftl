# PIM Registration: English, the reference for every translation.

site-name = Pyongyang International Marathon
site-tagline = Foreign entries
site-footer = Start and finish at Kim Il Sung Stadium, Pyongyang. Questions about an entry: reply to your confirmation email.
language-switch = Language
required = required
event-name = Pyongyang International Marathon { $edition }
places-left = { $count ->
    [one] { $count } place
   *[other] { $count } places
}

## The registration form
register-title = Register
register-heading = Register for the { $event }
register-lead = Race day is { $race_day }. Fill in this form once per runner; answers marked * are required. We tell you straight away which organisation handles your entry, and why.
register-registered-already = Registered already?
register-recover-link = Get the link to your status page again
register-about-you = About you
field-given-name = Given name(s)
field-family-name = Family name
hint-as-in-passport = As written in your passport.
field-email = Email
hint-email = We send your confirmation and every update here.
field-date-of-birth = Date of birth
hint-date-of-birth = As in your passport.
field-sex = Sex
hint-sex = Elite standards differ for women and men.
sex-female = Female
sex-male = Male
field-nationality = Nationality
hint-nationality = The country that issued your passport.
choose-country = Choose your country
register-passport = Passport
field-passport-number = Passport number
hint-passport-number = Letters and digits as printed in your passport.
field-passport-expiry = Passport expiry date
hint-passport-expiry = DPRK entry rule: it must be valid until at least { $date }.
register-your-race = Your race
field-distance = Distance
hint-distance = Every race starts at 09:00 at Kim Il Sung Stadium. Minimum ages are on race day.
race-full = Marathon (42.195 km)
race-half = Half marathon (21.0975 km)
race-10k = 10 km
race-5k = 5 km
race-facts = Entry fee USD { $fee } · time limit { $limit } · from age { $age }
time-limit-minutes = { $minutes } min
time-limit-hours = { $hours } h
time-limit-hours-minutes = { $hours } h { $minutes } min
field-category = Category
category-amateur = Amateur
category-elite = Elite: invited by the Ministry of Physical Culture and Sports, strictly by qualifying time
hint-elite = Elite runners only: a time at the same distance, run within the qualifying window and no later than today.
field-qualifying-time = Qualifying time
hint-qualifying-time = H:MM:SS, or MM:SS under an hour: for example 2:28:15 or 31:40.
field-qualifying-date = Date of the qualifying race
field-qualifying-race = Qualifying race
hint-qualifying-race = Its name and place, for example Berlin Marathon 2026.
field-evidence-url = Link to the official results
hint-evidence-url = Starting with https://.
register-emergency = Emergency contact
field-emergency-name = Name
hint-emergency-name = Someone not travelling with you.
field-emergency-phone = Phone
hint-emergency-phone = With the country code, for example +44 20 7946 0958.
consent = I agree that my personal data, passport details included, are processed to handle this entry and passed to the organisation that handles it.
register-send = Send my registration

## What is wrong with an answer, by the error's code
error-given-name-length = Enter your given name as written in your passport (up to 100 characters).
error-family-name-length = Enter your family name as written in your passport (up to 100 characters).
error-email-length = An email address has at most 254 characters.
error-email = Enter an email address such as name@example.com.
error-email-dots = The part before @ cannot start or end with a dot, or have two dots in a row.
error-email-domain = The part after @ must be a domain name such as example.com.
error-qualifying-race-length = Keep the race name under 200 characters.
error-url = Enter the full web address of the results, starting with https://.
error-emergency-contact-name-length = Enter the name of someone we can call in an emergency (up to 100 characters).
error-phone = Enter a phone number with its country code, such as +44 20 7946 0958.
error-required-nationality = Choose a nationality.
error-required-category = Choose a category.
error-required-distance = Choose a distance.
error-required-sex = Choose a sex.
error-required-date-of-birth = Enter your date of birth.
error-required-qualifying-time = Enter a time.
error-required-qualifying-date = Enter a date.
error-required-passport-number = Enter your passport number.
error-required-passport-expiry = Enter a date.
error-unknown-choice = "{ $value }" is not one of the choices: choose one of them.
error-unknown-country = "{ $value }" is not an ISO 3166-1 country code (two letters, such as SG or DE).
error-date-format = Write the date as YYYY-MM-DD, for example 1990-05-01.
error-date-not-real = { $value } is not a real date.
error-date-implausible = A date of birth before 1900 cannot be right: check the year.
error-born-after-race-day = A date of birth after race day cannot be right: check the year.
error-time-format = Write the time as H:MM:SS, or MM:SS under an hour, for example 2:41:00 or 29:45.
error-time-out-of-range = Minutes and seconds must be between 00 and 59.
error-time-zero = A time must be longer than zero.
error-passport-characters = A passport number has only letters and digits.
error-passport-length = A passport number has 5 to 20 letters and digits.
error-control-character = Remove the line breaks and other control characters from this answer.
error-direction-control = Remove the hidden characters that change the direction of the text.
error-blank = Enter this answer in visible letters or digits.
error-faster-than-record = { $time } would be faster than the world record ({ $record }): check the time you typed.
error-elite-needs-qualifying-time = An elite entry needs your qualifying time.
error-elite-needs-qualifying-date = An elite entry needs the date of your qualifying race.
error-elite-needs-qualifying-race = An elite entry needs the name of your qualifying race.
error-elite-needs-qualifying-evidence-url = An elite entry needs a link to the official results.
error-passport-expires-too-soon = Your passport must be valid until at least { $date }, { $months } months after race day (a DPRK entry rule). Please renew it before you register.
error-passport-expiry-too-far = No passport is valid for more than { $years } years: check the year of the expiry date.
error-consent = Please agree to the processing of your personal data: without it we cannot pass your entry on.
error-duplicate-passport = This passport already has an entry for this edition. If it is yours, follow the status link in your confirmation email; if you withdrew, you can register again once the withdrawal is recorded.
error-language = "{ $value }" is not one of the languages: en, ko, zh-Hans, zh-Hant or ru.

## The notice at the top of the form
notice-wait-title = Please wait a moment
notice-wait-body = Many registrations have come from your connection in a short time, so this one was not taken. Nothing was saved. Please wait { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}, then send the form again: your answers are below.
notice-expired-title = Please send the form again
notice-expired-body = For your security, this form could not be accepted: it had expired, or came from another page. Nothing was saved. Your answers are below; check them and send the form again.
notice-invalid-title = { $count ->
    [one] Please correct { $count } answer
   *[other] Please correct { $count } answers
}
notice-invalid-body = Each one is marked below with what to change. Nothing was saved yet.
notice-ineligible-title = We cannot accept this entry as it stands
notice-duplicate-title = This passport is already registered
notice-duplicate-body = Nothing new was saved.
notice-reused-title = This form was already used
notice-reused-body = This form has already registered a runner. To register another runner, check the answers below and send them again: this is a fresh form.

## The policy's and the rules' words: organisations, races, routing, next steps
organisation-elite-invitation = the DPRK Ministry of Physical Culture and Sports
organisation-state-agency = the DPRK state travel agencies
organisation-licensed-operator = Koryo Tours, the licensed operator
race-name-full = full marathon
race-name-half = half marathon
race-name-10k = 10 km
race-name-5k = 5 km
category-name-amateur = amateur
category-name-elite = elite
region-east-asia = East Asia
region-southeast-asia = Southeast Asia
explain-east-southeast-asia-amateur = Amateur runners from { $country } register through { $organisation }, which handle entries from East and Southeast Asia.
explain-east-southeast-asia-exception = Runners from { $country } register through { $organisation }, even though { $country } is in { $region }.
explain-licensed-operator-default = Amateur runners from { $country } register through { $organisation }, which handles every foreign amateur from outside East and Southeast Asia.
next-step-elite-invitation-1 = Your qualifying time and the results you linked are reviewed by { $organisation }.
next-step-elite-invitation-2 = Elite applications close on { $last_day }; invitations then go out strictly by qualifying time, and you will hear by email either way.
next-step-state-agency-1 = Expect an email from { $organisation } about your visa, travel and entry fee.
next-step-state-agency-2 = Applications through the state agencies close on { $last_day }.
next-step-licensed-operator-1 = Expect an email from { $organisation } with the tour package and how to pay. Your visa is arranged through the tour.
next-step-licensed-operator-2 = Bookings close on { $last_day }. A visa refused is refunded in full.
next-step-passport = Keep your passport valid until at least { $valid_until }: a DPRK visa takes about four weeks and needs it.

## The confirmation page
confirmation-title = Registration received
confirmation-thanks = Thank you, { $name }. Your entry was saved on { $received }.
confirmation-confirm-email = Now confirm your email address, by { $by }.
confirmation-confirm-email-how = We have sent you an email with a link: open it and press the button. If the address is not confirmed by then, your entry lapses and its place goes to the next runner waiting. No email? Look in your spam folder.
confirmation-waitlist = All places are taken for now: you are number { $position } on the waiting list.
confirmation-waitlist-how = When a place is released, the first entry on the list takes it and we email you at once. Your status page shows your position.
fact-reference = Your reference
fact-handled-by = Handled by
fact-race = Race
race-and-category = { $race }, { $category }
confirmation-why = Why this organisation
confirmation-next = What happens next
confirmation-status-page = Your status page
confirmation-status-page-before = Follow your entry at{" "}
confirmation-status-page-link = your private status page
confirmation-status-page-after = . Bookmark it: the link is your key, and we also send it in the confirmation email. Do not share it.
confirmation-documents = Documents to send
confirmation-documents-before = These documents are needed by { $organisation }. Upload them on{" "}
confirmation-documents-after = , now or later: a JPEG, PNG or PDF for each.

## Emails
email-subject = Pyongyang Marathon: { $what } ({ $reference })
email-what-registration-received = registration received
email-what-accepted = entry accepted
email-what-invited = you are invited
email-what-declined = entry not accepted
email-what-waitlisted = on the waiting list
email-what-promoted = a place for you
email-what-information-requested = more information needed
email-what-status-link = your status link
email-what-withdrawn = entry withdrawn
email-what-answer-received = answer received
email-what-document-refused = a document needed again
email-what-details-changed = details corrected
email-what-transferred = race changed
email-what-erasure-requested = confirm the erasure of your entry
email-dear = Dear { $name },
email-confirm = Please confirm your email address by { $by }: open this link and press the button.
email-confirm-link = confirm my email address
email-confirm-until = Until then your entry holds its place only for now: if the address is not confirmed in time, the entry lapses and its place goes to the next runner waiting.
email-reference = Your reference: { $reference }
email-status-page = Your status page (private: do not share it): { $url }
email-status-page-link = Your status page
email-status-page-private = (private: do not share it)
email-lost-link-question = Lost the link to your status page?
email-lost-link-ask = Ask for a new one
email-lost-link-text = Lost the link to your status page? Ask for a new one: { $url }
email-footer = { $edition }, race day { $race_day }. Questions? Reply to this email and quote your reference.
email-received = We have received your registration for the { $race } ({ $category }).
email-handled-by = Your entry is handled by { $organisation }.
email-next = What happens next:
email-waitlisted = { $position ->
    [0] All places in the { $race } handled by { $organisation } are taken for now, so your entry is on the waiting list.
   *[other] All places in the { $race } handled by { $organisation } are taken for now, so your entry is on the waiting list at position { $position }.
}
email-waitlisted-then = When a place is released, the first entry on the list takes it and we email you at once.
email-accepted = Good news: your entry for the { $race } has been accepted by { $organisation }.
email-their-note = Their note: { $note }
email-accepted-then = They will contact you about the next steps: travel, visa and payment.
email-invited = Congratulations: you are invited by { $organisation } to run the { $race } as an elite athlete.
email-invited-then = The Ministry will write to you about your travel and visa.
email-declined = We are sorry: your entry for the { $race } could not be accepted by { $organisation }.
email-reason-given = The reason given: { $note }
email-declined-then = If you have questions, reply to this email.
email-promoted = Good news: a place in the { $race } has been released and your entry has it now. You are off the waiting list.
email-promoted-then = You will hear from { $organisation } about the next steps.
email-information-requested = Your entry for the { $race } needs more information before { $organisation } can decide on it.
email-what-they-ask = What they ask: { $note }
email-answer-here = Answer on your status page, where you can also send files (JPEG, PNG or PDF):
email-answer-link = Answer on your status page
email-answer-link-rest = , where you can also send files (JPEG, PNG or PDF).
email-answer-no-link = Answer on your status page, where you can also send files (JPEG, PNG or PDF): the link is in your confirmation email.
email-keeps-place = Your entry keeps its place while you answer.
email-status-link = You asked for the link to your status page again. Here it is, below: it replaces the one you had, which no longer works.
email-status-link-ignore = If you did not ask for it, you can ignore this email: only someone who can read your email has the new link.
email-withdrawn = Your entry for the { $race } is withdrawn, as you asked. Its place goes to the next runner waiting, and nothing more is needed from you.
email-withdrawn-then = Changed your mind? You may register again while registration is open: the form is on the site.
email-answer-received = Thank you: your answer about your entry for the { $race } has reached { $organisation }, with the files you sent. Your entry keeps its place while they review it, and you will hear from them by email.
email-your-answer = Your answer: { $note }
email-document-refused = A new copy of a document is needed for your entry for the { $race }, by { $organisation }.
email-document-refused-named = A new copy of a document is needed for your entry for the { $race }, by { $organisation }: { $document }.
email-why = Why: { $note }
email-upload-again = Please upload it again on your status page (JPEG, PNG or PDF):
email-upload-again-link = Please upload it again on your status page
email-upload-again-link-rest = {" "}(JPEG, PNG or PDF).
email-upload-again-no-link = Please upload it again on your status page (JPEG, PNG or PDF): the link is in your confirmation email.
email-details-changed = The details of your entry for the { $race } are corrected, as you asked on your status page.
email-what-changed = What changed: { $note }
email-not-you = If you did not make this change, reply to this email at once.
email-transferred = Your entry is now for the { $race }, as you asked on your status page. It keeps its reference, and { $organisation } goes on handling it.
email-erasure = You asked for your entry and everything held about it to be erased. To confirm, open this link within 24 hours and press the button:
email-erasure-link = Confirm the erasure of my entry
email-erasure-final = Erasure cannot be undone: an entry that holds a place gives it up to the next runner waiting, and your status page stops working.
email-erasure-ignore = If you did not ask for it, ignore this email: nothing is erased without this link.

about = { $subject }: { $detail }

## The status page
status-title = Your registration
fact-runner = Runner
fact-status = Status
fact-waiting-list = Waiting list
fact-waiting-number = number { $position }
fact-email = Email address
fact-received = Received
fact-last-change = Last change
status-submitted = Received: waiting for review by the organisation handling your entry.
status-information-requested = More information needed: please answer the question below.
status-information-provided = Answer received: the organisation handling your entry will review it and let you know.
status-accepted = Accepted: the organisation handling your entry will contact you about travel, visa and payment.
status-invited = Invited: the Ministry of Physical Culture and Sports invites you to run as an elite athlete.
status-waitlisted = On the waiting list: you will be emailed as soon as a place is released for you.
status-declined = Not accepted: see the email we sent you for the reason.
status-withdrawn = Withdrawn: you have withdrawn this entry.
status-lapsed = Lapsed: the email address was not confirmed in time.
email-state-confirmed = confirmed on { $at }
email-state-pending = not confirmed yet
email-state-lapsed = not confirmed
email-state-pending-note = Please confirm your email address: open the link in the confirmation email we sent you, by { $by }. If it is not confirmed by then, this entry lapses and its place goes to the next runner waiting.
email-state-lapsed-note = This entry lapsed: the email address was not confirmed by { $by }, so its place went to the next runner waiting. You may register again.
question-heading = What { $organisation } asks
question-default = { $organisation } needs more information about your entry.
answer-label = Your answer
answer-hint = Your entry keeps its place while you answer. At most { $limit } characters.
answer-files-label = Files (optional)
answer-files-hint = Up to { $count } files: JPEG, PNG or PDF, each at most { $megabytes } MB.
answer-send = Send my answer
documents-heading = Documents
documents-lead = These documents are needed by { $organisation }: a JPEG, PNG or PDF for each, at most { $megabytes } MB. Photos are stored without their location and camera details.
document-choose = Choose the file: { $document }
document-replace = Replace the file: { $document }
document-upload = Upload
sent-files-heading = Files you sent with answers
sent-file = { $name } ({ $type }, { $size }), sent { $at }
history-heading = What has happened
label-separator = :{" "}
details-heading = A mistake in your details?
details-link = Correct your details or change race
details-link-after = : names, email, emergency contact, a new passport, or another race.
withdraw-heading = Withdraw
withdraw-confirm = I withdraw this entry. I understand this cannot be undone, and that my place goes to the next runner.
withdraw-send = Withdraw my entry
your-data-heading = Your data
your-data-download = Download a copy of everything held about this entry
your-data-download-after = {" "}(a JSON file, your documents included).
your-data-erased-on = Your personal data is erased on { $date }. To have it erased sooner, ask here: we email you a link to confirm, and only that link erases it.
erasure-confirm = Erase my entry and my personal data. I understand this cannot be undone.
erasure-confirm-place = Erase my entry and my personal data. I understand this cannot be undone, and that my place goes to the next runner.
erasure-send = Ask for erasure

## What the status page says after an action
done-answer = Thank you: your answer is sent. We have emailed you a copy.
done-uploaded = Thank you: the document is received.
done-corrected = Done: your details are corrected. We have emailed you what changed.
done-transferred = Done: your entry is now for the race you chose. We have emailed you.
withdraw-tick = Tick the box to confirm that you withdraw.
withdraw-too-late = This entry can no longer be withdrawn.
changed-meanwhile = Your entry changed meanwhile: check it below and try again.
answer-empty = Write your answer, or choose a file to send. Nothing was sent.
answer-too-long = Keep your answer under { $limit } characters. Nothing was sent.
answer-control-characters = Your answer contains invisible control characters: remove them.
answer-no-question = There is no question to answer on this entry now. Nothing was sent.
answer-changed-meanwhile = Your entry changed meanwhile: check it below and send your answer again.
upload-which = Choose which document you are sending. Nothing was saved.
upload-one-file = Choose one file for this document: { $document }. Nothing was saved.
upload-entry-ended = This entry has ended, so no documents are needed. Nothing was saved.
upload-empty = The file is empty. Choose the file again: a JPEG, PNG or PDF. Nothing was saved.
upload-too-large = The file is larger than { $megabytes } MB. Send a smaller scan or photo: a JPEG, PNG or PDF. Nothing was saved.
upload-not-allowed = This file is not a JPEG, PNG or PDF. Only JPEG, PNG and PDF files are accepted. Nothing was saved.
upload-unreadable = This file looks like a { $type } but cannot be read. Take the photo or scan again, or send a PDF. Nothing was saved.

## The entry's history, as its runner reads it
step-received-waiting = Registration received; the race's places are taken, so it is on the waiting list
step-received = Registration received
step-moved-to-front = Moved to the front of the waiting list
step-promoted = A place was released, and your entry has it
step-email-confirmed = Email address confirmed
step-lapsed = Lapsed: the email address was not confirmed in time
step-new-link = A new link to this page was emailed; the old one stopped working
step-document-sent = You sent { $document }
step-document-accepted = Accepted by { $organisation }: { $document }
step-document-refused = Asked for again by { $organisation }
step-corrected = You corrected your details
step-transferred = You changed your race
step-documents-erased = Your documents were deleted: their time to be kept is over
step-erasure-requested = You asked for erasure: a link to confirm it was emailed to you
step-accepted = Accepted by { $organisation }
step-invited = Invited by { $organisation }
step-declined = Not accepted by { $organisation }
step-information-requested = More information asked for by { $organisation }
step-withdrawn = Withdrawn
step-answered = You answered

## The documents an organisation needs
document-not-sent = Not sent yet
document-received = Received: { $file }
document-accepted = Accepted: { $file }
document-refused = Asked for again: { $file }
document-passport-data-page = Passport data page
document-passport-data-page-hint = A scan or a sharp photo of the page with your photo and details, all four corners visible.
document-passport-photo = Passport photo
document-passport-photo-hint = A recent colour photo of your face, looking at the camera, on a plain light background.
document-qualifying-result = Evidence of your qualifying result
document-qualifying-result-hint = The official result list or certificate of your qualifying race, showing your name and time.
document-attachment = File sent with an answer
document-attachment-hint = Any file that answers the question you were asked.
upload-too-many = Send at most { $count } files at once. Nothing was saved.
upload-too-large-together = These files are larger than { $megabytes } MB together. Send fewer or smaller files. Nothing was saved.
upload-broken = The upload did not arrive whole. Please choose the files and send them again. Nothing was saved.
erasure-tick = Tick the box to confirm that you want your entry erased.
erasure-asked = We have emailed you a link to confirm the erasure. Nothing is erased until you open it (within { $hours } hours) and confirm.

## Pages with a title and a few sentences
back-to-form = Back to the registration form
not-open-title = Registration has not opened yet
not-open-body = Registration for the { $event } opens on { $opens }.
not-open-come-back = Places are limited and go quickly: please come back then.
not-open-nothing-saved = Registration opens on { $opens }. Nothing was saved.
closed-title = Registration is closed
closed-body = Registration for the { $event } has closed for every race and category.
closed-entry-title = This registration has closed
closed-entry-body = { $channel } closed on { $last_day }, so this entry cannot be taken. Nothing was saved.
closed-note = { $channel } closed on { $last_day }.
channel-elite-invitation = Elite applications
channel-state-agency = Applications through the state agencies
channel-licensed-operator = Bookings through the licensed operator
unreadable-title = The form could not be read
unreadable-body = Your browser sent text that is not valid UTF-8, so nothing was saved.
unreadable-again = Go back, check your answers and send the form again; if it happens again, try another browser.
not-found-title = Page not found
not-found-body = There is no page at this address. Status links must be copied whole from the confirmation email.
unknown-link-title = This link is not valid
unknown-link-body = It may be incomplete: copy the whole link from the email. If you were sent a newer email about this entry, use the link in that one.
form-expired-title = Please try again
form-expired-body = For your security, this form could not be accepted: it had expired, or came from another page. Nothing was changed. Go back, reload the page and send it again.
busy-title = Please try again in a minute
busy-body = Many runners are sending files right now, and yours was not read. Nothing was saved. Please go back and send it again in a minute.
unavailable-title = Please try again in a minute
unavailable-body = Something went wrong on our side, and nothing was saved or changed. Please go back and try again in a minute.
storage-full-title = Registration is paused for a short while
storage-full-body = Our server has run out of storage space, so nothing you sent was saved. Please try again later with the same form.

## The email confirmation link's page
confirm-email-title = Confirm your email address
confirm-email-body = Entry { $reference }: press the button to confirm that this email address is yours, by { $by }. Then the entry keeps its place.
confirm-email-button = Confirm my email address
confirmed-title = Your email address is confirmed
confirmed-body = Entry { $reference } keeps its place. The status page linked in the email shows what happens next.
lapsed-title = This entry has lapsed
lapsed-body = Entry { $reference } lapsed because the email address was not confirmed by { $by }, and its place went to the next runner waiting. You may register again.
ended-title = This entry has ended
ended-body = Entry { $reference }: { $status }

## The erasure link's pages
erase-title = Erase your entry
erase-body = Entry { $reference }: press the button to erase your name, contact details, date of birth, passport details, emergency contact, documents and the messages about it. This cannot be undone.
erase-holds-place = Your entry holds a place: it goes to the next runner waiting.
erase-kept = What is kept, without your name, is counted in the race's statistics only: your country, race, category, sex and age band.
erase-button = Erase my entry
erased-title = Your entry is erased
erased-body = Entry { $reference } and everything personal about it are erased. Its links no longer work. You may register again while registration is open.

## Getting the status link again
recover-title = Get your status link again
recover-lead = Lost the email with the link to your status page? Give the email address you registered with: we email a new link for each entry registered with it. The new link replaces the old one.
recover-correct = Please correct this
recover-email-hint = The address you registered with.
recover-reference = Reference (if you have it)
recover-reference-hint = Like PIM-ABCD-2345: then only that entry's link is sent.
recover-send = Email me the link
recover-error-email = Enter the email address you registered with, like name@example.com.
recover-error-reference = A reference looks like PIM-ABCD-2345; leave it empty if you do not have it.
recover-wait-title = Please wait a moment
recover-wait-body = Many links have been asked for from your connection in a short time. Nothing was sent now. Please try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.
recover-sent-title = Check your email
recover-sent-body = If an entry of the { $event } was registered with { $email }, we have emailed the link to its status page to that address. The new link replaces the old one, which no longer works.
recover-sent-how = It can take a few minutes to arrive: look in the spam folder too. Nothing came? Check the address and ask again, or reply to any email we sent you.

## Correcting one's details
details-title = Correct your details
details-back = ← Your registration
details-lead = Entry { $reference }. Change what is wrong and send: we email you what changed.
details-fixed-heading = What cannot be changed here
details-fixed-before = { $elite ->
    [yes] Your nationality, date of birth, sex and category, and your qualifying result, decided which organisation handles your entry and how, so they are not edited in place. If one of them is wrong, withdraw this entry on{" "}
   *[no] Your nationality, date of birth, sex and category decided which organisation handles your entry and how, so they are not edited in place. If one of them is wrong, withdraw this entry on{" "}
}
details-fixed-link = your status page
details-fixed-after = {" "}and register again with the right answers.
hint-email-updates = Every update about your entry goes here.
details-new-passport = A new passport
details-passport-held = We hold passport { $passport }, valid until { $expiry }. Only if you have a new one: its number and its expiry date, both.
field-new-passport-number = New passport number
field-new-passport-expiry = New passport expiry date
hint-transfer = Another race is a transfer: it needs a free place in that race, and your place in this one goes to the next runner waiting.
hint-elite-transfer = Elite runners changing race: your qualifying time at the new distance, run within the qualifying window.
field-new-qualifying-time = Qualifying time at the new distance
hint-new-qualifying-time = H:MM:SS, or MM:SS under an hour.
field-new-qualifying-date = Date of that race
field-new-qualifying-race = That race
hint-new-qualifying-race = Its name and place.
field-new-evidence-url = Link to its official results
details-send = Send the changes
details-ended = This entry has ended, so its details can no longer be changed.
details-closed = Corrections closed on { $last_day }, with applications. Reply to any email about your entry and { $organisation } will help.
details-not-changed = { $reason } Nothing was changed.
details-needs-look = Some answers need a look: nothing was changed yet.
details-same = Nothing is different from what we hold: nothing was changed.
details-changed-meanwhile = Your entry changed meanwhile: check it and send the changes again. Nothing was changed.
error-new-passport-number = A new passport needs the new passport's number too.
error-new-passport-expiry = A new passport needs the new passport's expiry date too.
error-race-full = The { $race } has no free place now, so your entry stays in the { $current }.
error-passport-taken = Another entry already uses this passport number.
transfer-waiting = A waiting entry keeps its place in line for the { $race }: to run another race, withdraw this entry and register again.
transfer-ineligible = Your entry cannot move to the { $race }: { $explanation }
transfer-other-organisation = In the { $race } your entry would be handled by { $organisation }: withdraw this entry and register again for it.
change-given-name = Given name(s)
change-family-name = Family name
change-email = Email
change-emergency-name = Emergency contact
change-emergency-phone = Emergency phone
change-passport-number = Passport number
change-passport-expiry = Passport expiry
change-race = Race
change-line = { $field }: { $before } → { $after }
change-separator = ;{" "}

## Why an entry cannot be taken, and the elite rule
ineligible-too-young = Runners in the { $race } must be at least { $minimum } on race day, { $race_day }, and you will be { $age }. { $alternative }
ineligible-born-after-race-day = Runners in the { $race } must be at least { $minimum } on race day, { $race_day }; the date of birth given is after race day, so please check it.
ineligible-no-race-at-age = No race of this edition is open at that age.
ineligible-races-at-age = At that age you can enter { $races }.
race-list-one = the { $race }
race-list-separator = ,{" "}
race-list-last = { $rest } or { $last }
elite-field = the { $sex ->
    [female] women's
   *[male] men's
} elite standard of { $standard } for the { $race }
ineligible-no-elite-field = This edition has no { $sex ->
    [female] women's
   *[male] men's
} elite field in the { $race }.
ineligible-time-missing = An elite entry needs a qualifying time in the { $race } that meets { $field }; give your time, its date and a link to the results.
ineligible-date-missing = An elite entry needs the date of the race where you ran { $time }, so the Ministry can check the result.
ineligible-date-future = Your qualifying date, { $date }, is after the date of this application; a qualifying time must already have been run.
ineligible-date-too-old = Your qualifying performance on { $date } is too old: it must have been run on or after { $window_start }, within { $years } years before race day.
ineligible-too-slow = Your { $time } is { $by } slower than { $field }.
instead-amateur = You may enter the { $race } as an amateur instead.
instead-refused = Amateur entry is not open to you either: { $message }
sentences = { $first } { $second }
explain-elite-standard-met = { $margin ->
    [0] Your { $time } equals { $field }, so your entry goes to { $organisation }, which invites elite runners strictly by qualifying time.
   *[other] Your { $time } is { $by } under { $field }, so your entry goes to { $organisation }, which invites elite runners strictly by qualifying time.
}
