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
