# unitcred's words in English. Every file holds the same keys; a test checks it.

## atype
atype-oral = oral
atype-portfolio = portfolio
atype-practical = practical
atype-written = written
atype-project = project work
atype-continuous = continuous evaluation

## award
award-confirmed = awarded
award-issued = awarded
award-pending = pending
award-refused = refused
award-revoked = revoked

## check
check-contexts = Vocabularies (JSON-LD contexts)
check-controller = Key belongs to the issuer
check-edc-controller = The seal certificate names the issuer
check-edc-key_resolution = Seal certificate
check-edc-proof = Electronic seal (JAdES)
check-edc-schema = Structure (European Learning Model)
check-edc-trust = Certification authority and issuer trusted
check-key_resolution = Issuer's key
check-legacy_claims = JWT claims
check-parsing = Format
check-parts = Units of the qualification
check-proof = Signature
check-schema = Structure (Open Badges 3.0)
check-status = Status (revocation, suspension)
check-trust = Issuer trust
check-validity_period = Validity period

## console
console-accept = Recognise
console-access_created = Personal link created: give it to the learner; it will not be shown again.
console-access_expired = expired
console-access_link = Create a personal link
console-access_links = The learner's personal links
console-access_revoked = revoked
console-access_revoked_notice = Link revoked: it opens nothing any more, and the sessions opened with it are closed.
console-action = Action
console-actions = Actions
console-actor = Who
console-add = Add
console-already = Already recorded
console-another_file = Import another file
console-assessment_type = Assessment type
console-assessor = Assessor
console-at = When
console-audit_broken = Audit chain broken!
console-audit_intact = Audit chain intact.
console-awaiting_jury = Awaiting the jury
console-award = Qualification
console-awards_lead = When every unit of a profile with a jury is validated, the qualification awaits your decision.
console-bad_json = Unreadable JSON
console-bad_login = Wrong e-mail address or password. After 5 failed attempts the account is locked for 15 minutes.
console-code = Code
console-confirm = Award
console-created = Created
console-credential_issued = Credential issued.
console-credentials_issued = unit credentials issued
console-date = Date
console-decided = Decision recorded.
console-decision = Decision
console-detail = Detail
console-disable = Disable
console-disabled = disabled
console-draft = draft
console-email = E-mail address
console-external_ref = School reference
console-family_name = Family name
console-field = Field
console-foreign_achievement = Foreign achievement
console-given_name = Given name
console-history = Assessments
console-import = Import
console-import_profiles = Import a profile or a referential
console-import_title = Result import
console-imported = imported
console-in_use = in use (locked)
console-key = Key
console-keys_lead = The active key signs new credentials; older ones stay verifiable with their retired key.
console-label = Label
console-language = Language
console-line = Line
console-login = Staff sign-in
console-mandatory = mandatory
console-message = Message
console-name = Name
console-new_learner = Enrol a learner
console-new_staff = Add a staff member
console-no_file = Choose a file.
console-optional = optional
console-outcome = Outcome
console-password = Password
console-password_hint = At least 12 characters.
console-pending_awards = qualifications awaiting the jury
console-profile = Profile
console-profile_hint = A profile (schemas/profile.schema.json) or a referential with "profiles" (schemas/referential.schema.json).
console-profile_json = Or paste the JSON document
console-progress = Progress
console-proposed_unit = proposed unit
console-qualification_issued = Qualification issued.
console-qualifications_issued = Qualifications issued
console-reason = Reason
console-recognitions = Units from elsewhere (recognition)
console-record = Record an assessment result
console-recorded = Result recorded.
console-recorded_rows = Recorded
console-referential_file = Referential file (JSON)
console-refuse = Refuse
console-reinstate = Reinstate
console-rejected = Rejected
console-remediation = Remediation note (if not validated)
console-results_file = Result file (CSV or JSON)
console-results_format = CSV columns: learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note
console-results_hint = Upload a cohort's result file
console-results_lead = One file per cohort: one row per learner and unit. Credentials are issued as the import goes; sending the same file again issues nothing twice.
console-retired = Retired
console-reviews = Qualification reviews
console-reviews_lead = A qualification resting on a revoked unit is suspended until you decide: reinstate or revoke it, with a reason.
console-revoke = Revoke
console-revoked_unit = Revoked unit
console-role = Role
console-rotate = Rotate the signing key
console-rotated = New key active.
console-row_errors = Rejected rows
console-rows = Rows
console-save = Record
console-sector = Sector
console-shown = Entries shown (latest first)
console-sign_in = Sign in
console-staff_added = Account created.
console-staff_disabled = Account disabled; its sessions are closed.
console-status_changed = Status changed; the published status list shows it.
console-suspend = Suspend
console-throttled = Too many failed attempts from this address. Try again in 15 minutes.
console-title = School console
console-units_issued = Unit credentials issued
console-upload = Import the file
console-version = Version

## err
err-bad_form = Incomplete form.
err-csrf = This form could not be checked (security token missing or from another site). Reload the page and try again.
err-csrf-title = Form expired
err-internal = An internal error occurred; please try again later.

## footer
footer = unitcred · signed credentials for units of learning outcomes (UAA, ECVET, Europass)

## home
home-console = School staff: referential, results, jury, revocations, keys.
home-lead = Every validated unit of learning outcomes gets a signed credential; the qualification follows when every unit is validated.
home-learner = Your progress, your credentials and your wallet bundle, with the link from your school.
home-title = Unit and qualification credentials
home-verify = Employer or provider: verify a credential, a bundle or a presentation.

## job
job-done = Import finished.
job-failed = Import refused.
job-interrupted = Import interrupted (the server stopped): send the file again, nothing is issued twice.
job-running = Import running…

## key
key-active = active
key-compromised = compromised
key-retired = retired

## kind
kind-credential = Credential
kind-edc = European Digital Credential (Europass)
kind-qualification = Qualification
kind-record = Full record (CLR)
kind-unit = Unit of learning outcomes

## learner
learner-back = Back to my page
learner-bad_code = This code or link is not valid (unknown, expired or revoked). Ask your school for a new one.
learner-bundle_hint = All your credentials, your record and a PDF with QR codes, verifiable even offline.
learner-code = Personal code
learner-credential = Credential
learner-credentials = Credentials
learner-download = Download my wallet bundle (.zip)
learner-ecvet_required = ECVET points required
learner-europass = Download for Europass
learner-hello = Hello
learner-in_all = in all
learner-issued = Issued on
learner-json = Show the signed credential (JSON)
learner-jury = Every unit is validated: the qualification awaits the jury's decision.
learner-lead = Enter the personal code from your school (it starts with ucl_), or open the link it sent you.
learner-need_code = Open your page with your code or link first.
learner-offer-alt = QR code of the credential offer
learner-offer-expires = Valid until
learner-offer-lead = Scan this QR code with your wallet app (OpenID4VCI).
learner-offer-open = Open in this device's wallet
learner-offer-title = Add to my wallet
learner-open = Open my page
learner-points = ECVET points earned
learner-standing = { $validated } of { $total } units validated
learner-remaining = { $count ->
    [one] this unit remains:
   *[other] these { $count } units remain:
}
route-prior_learning = validated by a jury (prior learning)
route-work_based = assessed at the workplace
unit-awaiting_cosignature = awaiting the school's co-signature
learner-qualified = Qualification awarded.
learner-refused = This page belongs to another learner: your code opens only your own.
learner-refused-title = Access refused
learner-school = School
learner-see = Details
learner-share = Verification link to share
learner-state = State
learner-title = My progress
learner-tx_code = Code to type in the wallet:
learner-unit = Unit
learner-unit_title = Title
learner-units = Units
learner-verify = Verify
learner-wallet = Add to my digital wallet
learner-wallet_all = All my credentials to my wallet (one scan)

## nav
nav-audit = Audit log
nav-awards = Jury
nav-console = School console
nav-dashboard = Dashboard
nav-home = Home
nav-keys = Keys
nav-label = Main navigation
nav-languages = Language
nav-learner = Learner
nav-learners = Learners
nav-logout = Sign out
nav-profiles = Qualification profiles
nav-results = Cohort results
nav-skip = Skip to content
nav-staff = Staff
nav-verify = Verify

## outcome
outcome-not_validated = not validated
outcome-validated = validated

## recognition
recognition-accepted = recognised
recognition-proposed = proposed
recognition-refused = refused

## role
role-admin = administrator
role-assessor = assessor

## state
state-failed = failed
state-passed = passed
state-skipped = not checked
state-warning = caution

## status
status-active = active
status-revoked = revoked
status-suspended = suspended

## unit
unit-from = recognised from
unit-pending = pending
unit-recognised = recognised (elsewhere)
unit-remediation = in remediation
unit-revoked = revoked (no longer counts)
unit-validated = validated

## verdict
verdict-fail = Not valid
verdict-failed_check = failed check:
verdict-ok = Valid
verdict-warn = Valid, with a caveat

## verify
verify-again = Verify something else
verify-all_ok = Everything verified.
verify-awarded = Awarded on
verify-bundle_broken = Bundle altered
verify-bundle_intact = Bundle intact: every file matches its digest
verify-bundle_signed = manifest signed by
verify-checks = Checks
verify-contains = Credentials included
verify-count = Credentials checked
verify-ecvet = ECVET points
verify-eqf = EQF level
verify-err-empty = Paste a credential or choose a file.
verify-err-json = This text looks like JSON but is not valid: check it is complete.
verify-err-none = No credential found in what was submitted.
verify-err-not_found = No credential has this identifier on this server.
verify-err-too_many = Too many credentials at once (60 at most).
verify-err-unknown = This is neither a JSON credential, a JWT nor a wallet .zip.
verify-err-unreadable = This file is neither text nor a wallet .zip.
verify-err-zip = This .zip file cannot be read.
verify-files = files
verify-hashed = identified by salted hash
verify-holder = Holder
verify-issuer = Issued by
verify-kind = Type
verify-kind-bundle = Learner's wallet bundle
verify-kind-list = List of credentials
verify-kind-presentation = Presentation
verify-kind-single = Verification result
verify-lead = Paste a credential (JSON or JWT), a presentation or a list, or upload the file or wallet bundle (.zip) the learner gave you. Every signature, the issuer, the status and the validity are checked.
verify-learner = Learner
verify-no_end = no end date
verify-not_all_ok = At least one check failed: see below.
verify-other = Verify another credential
verify-paste = Credential to verify
verify-paste_hint = The whole text, as received.
verify-private = Nothing you submit is stored.
verify-seal = Seal
verify-submit = Verify
verify-title = Verify a credential
verify-unnamed = not stated
verify-unproven = The content below is not vouched for by the issuer: do not rely on it.
verify-untitled = Untitled credential
verify-upload = Or a file (.json, .jwt, wallet .zip)
verify-valid_from = Valid from
verify-valid_until = Valid until

## transcript (the learner's transcript, HTML and PDF)
transcript-title = Personal transcript of learning outcomes
transcript-learner = Learner
transcript-issuer = Issuer
transcript-as_of = Record as of
transcript-unit = Unit
transcript-qualification = Qualification
transcript-points = ECVET points
transcript-eqf = EQF level
transcript-issued = Issued
transcript-status = Status
transcript-file = File (SHA-256)
transcript-active = valid
transcript-suspended = suspended
transcript-revoked = revoked
transcript-snapshot = Status lists taken on
transcript-offline = Every file of this bundle is signed and can be verified offline: unitcred verify BUNDLE.zip
transcript-verify = Verify
transcript-page = Page

## card (the picture an EDC carries)
card-unit = Unit of learning outcomes
card-qualification = Qualification
card-awarded_to = awarded to
card-points = ECVET points
card-eqf = EQF level

## text (a cause quoted as it was reported)
text = { $text }

## v (the verifier's check lines)
v-not_reached = not reached
v-body_shape = the body must be {"{"}"verifiableCredential": …{"}"}
v-edc_unsealed = a European Digital Credential is valid only sealed (JAdES); this one carries no seal
v-envelope_id = an EnvelopedVerifiableCredential needs an id data:application/vc+jwt,<token>
v-envelope_context = an EnvelopedVerifiableCredential's @context must include { $url }
v-first_context = the first @context must be { $url }
v-unknown_context = context { $url } is not one this verifier holds
v-embedded_context = embedded context objects are not accepted
v-contexts = { $count ->
    [one] { $count } pinned context
   *[other] { $count } pinned contexts
}
v-key_revoked = { $key } was revoked (compromised) from { $since }; this proof was made at { $when }
v-key_revoked_undated = { $key } was revoked (compromised) from { $since }; this proof was made at an unknown time
v-key_resolved = { $key } resolved
v-controller_mismatch = key controller { $key } is not the issuer { $issuer }
v-controller = the key belongs to the issuer
v-no_registry = no trust registry consulted
v-issuer_unknown = signature valid, issuer unknown: { $detail }
v-validity_reversed = validFrom is later than validUntil
v-not_yet_valid = valid from { $when }, now { $now }
v-expired = expired { $when }, now { $now }
v-valid_at = valid at { $now }
v-no_schema = the credential names no schema
v-schema_no_id = a credentialSchema entry has no id
v-schema_violation = { $id }: { $detail }
v-schema_unknown = schema(s) not held offline, not checked: { $list }
v-schema_valid = valid against { $list }
v-parsed_di = { $count ->
    [one] VC 2.0 credential with { $count } proof
   *[other] VC 2.0 credential with { $count } proofs
}
v-proof_purpose = proofPurpose { $purpose } is not assertionMethod
v-signature_valid = { $suite } signature valid
v-signature_mismatch = the signature does not match the credential
v-jsonld_failed = JSON-LD processing failed: { $cause }
v-jose_alg = JOSE alg { $alg } is not accepted; only EdDSA is
v-jws_not_json = the JWS payload is not JSON
v-vcjwt_members = a vc+jwt payload carries neither vc nor proof
v-parsed_jws = compact JWS ({ $form }), alg EdDSA
v-iss_mismatch = the iss claim differs from the issuer
v-jws_valid = EdDSA signature valid
v-token_mismatch = the signature does not match the token
v-no_status = no status entry
v-status_offline = status lists were not consulted (offline verification)
v-status_unavailable = { $purpose } status unavailable: { $why }
v-status_set = { $status }: the issuer set bit { $index } of { $url }
v-status_clear = not flagged ({ $list })
v-seal_alg = seal algorithm { $alg } is not accepted; only RS256, PS256 and ES256 are
v-sealed_not_json = the sealed payload is not JSON: { $cause }
v-sealed_not_edc = the sealed payload is not a EuropeanDigitalCredential
v-x5c_empty = x5c is empty
v-parsed_edc = European Digital Credential, JAdES { $level } seal ({ $serialization } serialization), { $alg }
v-parsed_edc_unencoded = European Digital Credential, JAdES { $level } seal ({ $serialization } serialization, unencoded payload), { $alg }
v-edc_contexts = an EDC's @context is [{ $vc }, { $edc }], both held offline
v-edc_contexts_ok = VC 1.1 and ELM EDC contexts
v-seal_certificate = seal certificate { $subject } (issued by { $issuer }), from the seal itself
v-seal_org = the seal certificate's organisation identifier { $org } is the issuer's
v-seal_org_mismatch = the issuer's eIDAS identifier { $issuer } is not the seal certificate's organisation identifier { $org }
v-seal_valid = { $alg } seal valid over the exact sealed bytes
v-seal_mismatch = the seal does not match the sealed bytes
v-shape_ok = the ELM EDC shape's structural rules hold ({ $count } nodes)
v-shape_violation = ELM EDC shape: { $detail }
v-edc_status_other = the status { $url } is not a bitstring status list entry: not checked
v-certificate_period = the seal certificate was valid from { $from } to { $until }, not when the seal says it was made ({ $when })
v-no_seal_cas = no trust list of seal CAs was consulted
v-seal_unchecked = seal intact, certificate not checked: { $detail }
v-seal_untrusted_chain = the seal certificate ({ $issuer }) does not chain to a trusted seal CA: { $why }
v-seal_untrusted = seal intact, not trusted: { $detail }
v-sealed_trusted_ca = sealed by { $subject } under a trusted CA ({ $anchor }); no trust registry consulted
v-certificate_trusted = certificate trusted ({ $anchor }); { $detail }
v-seal_issuer_unknown = seal valid and certificate trusted, issuer unknown: { $detail }
v-parts = { $count ->
    [one] { $count } referenced unit credential
   *[other] { $count } referenced unit credentials
}
v-part_no_copy = no copy of this credential was given or is stored here
v-part_digest = its digest does not match the qualification credential's relatedResource
v-part_failed = unit credential { $id }: { $detail }

## trust (what the trust registry says of an issuer)
trust-not_listed = { $issuer } is not in this server's trust registry
trust-no_achievement = { $name } ({ $country }) is known; the credential names no achievement to check an authorisation against
trust-authorised = { $name } ({ $country }) is authorised for this achievement on the authority of { $authority }
trust-not_authorised = { $name } is not authorised to certify { $id }
trust-not_authorised_on = { $name } was not authorised to certify { $id } on { $when } (authorised { $list })

## problem (the API's refusals, by code, as the console shows them; detail: the API's words)
problem-validation_failed = Some fields are not valid: { $detail }
problem-unauthorized = Sign in first.
problem-forbidden = Your role may not do that; ask an administrator.
problem-learner_not_found = No such learner.
problem-profile_not_found = No such qualification profile.
problem-unit_not_found = No such unit.
problem-credential_not_found = No such credential.
problem-provider_not_found = No such provider.
problem-award_not_found = No such award.
problem-not_found = Not found.
problem-payload_too_large = The file or form is too large.
problem-unsupported_media_type = This kind of file is not accepted: { $detail }
problem-internal = Something went wrong on the server; nothing was changed. Try again later.
problem-already_exists = It already exists: { $detail }
problem-conflict = This clashes with what is recorded: { $detail }
problem-nothing_to_offer = There is nothing to offer: { $detail }
problem-invalid_credential = The credential does not meet the VC Data Model 2.0: { $detail }
problem-invalid_option = This option is not accepted: { $detail }
problem-ambiguous_credential = Several credentials match: { $detail }
problem-status_purpose = The credential's status entry does not allow this: { $detail }
problem-malformed_json = The file is not valid JSON: { $detail }
problem-unreadable_body = The request could not be read: { $detail }
problem-malformed_request = The request is not in the expected form: { $detail }
problem-too_many_credentials = Too many credentials at once: { $detail }
problem-request_timeout = The server took too long; try again.
problem-method_not_allowed = That action is not possible here.
problem-too_many_requests = Too many attempts; wait a moment and try again.
problem-bad_request = The request is not valid: { $detail }
problem-no_seal_certificate = No e-seal certificate is installed yet: an administrator installs one before Europass credentials can be issued.
problem-key_compromised = This key is already marked compromised.
problem-did_key_fixed = A did:key identifier is its key and cannot rotate; use a did:web provider.
problem-empty_record = The learner holds no credential yet.
problem-import_in_progress = Another import is recording the same results; run this one again once it ends.
problem-recognition_conflict = The same credential was submitted at the same moment; try again.
problem-unit_already_validated = The learner already holds a credential for this unit; nothing to recognise.
problem-recognition_decided = This recognition was already decided.
problem-credential_revoked = The credential is revoked; a revocation cannot be undone.
problem-already_suspended = The credential is already suspended.
problem-not_suspended = Only a suspended credential can be reinstated.
problem-review_decided = This review already has a decision.
problem-award_decided = This award was already decided.
problem-rule_not_satisfied = The learner no longer satisfies the qualification's rule.
problem-already_issued = The qualification credential already exists.
problem-email_taken = A staff account already uses this e-mail address.
problem-profile_locked = Credentials were issued under this version of the profile: publish a new version instead ({ $detail }).
problem-not_placed = This learner is not placed with your company on that date: { $detail }
problem-cosignature_pending = A tutor's result for this unit already awaits the school's co-signature.
problem-already_decided = This result was already confirmed or refused.
problem-company_not_found = No such company.
problem-procedure_not_found = No such validation procedure.

## Presentation requests of the verifier page (OpenID4VP)
vpr-title = Ask for a presentation
vpr-lead = Ask the learner's wallet to present their credentials: the wallet signs the presentation with the learner's own key, so you know the person presenting them is the person they were issued to.
vpr-start = Create a request
vpr-private = What the wallet presents is kept only until the request expires (10 minutes).
vpr-or_paste = Or paste or upload a credential
vpr-scan = Have the learner scan this code with their wallet (OpenID4VP). This page shows the result once the wallet has answered.
vpr-qr = QR code of the presentation request
vpr-open_wallet = Open in a wallet on this device
vpr-expires = The request expires at
vpr-refresh = Reload this page after the learner has answered.
vpr-check = Check for an answer
vpr-answered = Presentation received
vpr-holds = The person presenting holds these credentials, and every check passed.
vpr-presenter = Presented by
vpr-again = Ask for another presentation
vpr-expired = This presentation request does not exist or has expired.
verify-ask_wallet = Or ask the learner's wallet for a presentation

## Learner search and pages
console-search = Search (name, e-mail, reference)
console-search_button = Search
console-no_match = No learner matches this search.
console-next_page = Next page

## Key compromise in the console
console-compromise = Declare a key compromised
console-compromise_lead = If a private key may have leaked: proofs it made from the date given (UTC; empty: now) fail verification, and a signing key is replaced at once. This cannot be undone.
console-compromise_since = Compromised since (UTC)
console-compromise_button = Declare compromised
console-compromise_done = The key is declared compromised.
console-older = Older entries

## Foreign units from the console
console-foreign_submit = Bring a unit from elsewhere
console-foreign_credential = Unit credential from another school or country
console-foreign_hint = Paste it exactly as received (JSON or JWT). It is verified, then proposed for recognition.
console-foreign_button = Verify and propose
console-foreign_submitted = The credential is recorded for recognition: see its verdict above.
role-tutor = company tutor
nav-workplace = Workplace
nav-tutor = My apprentices
nav-validations = Prior learning
nav-credentials = Credentials
console-workplace_lead = Companies that take learners on placement, who is placed where, and the tutors' results that wait for a school assessor's co-signature before the unit is issued.
console-cosignatures = Results awaiting co-signature
console-no_cosignatures = No tutor's result is waiting.
console-company = Company
console-tutor = Tutor
console-cosign = Co-sign
console-companies = Companies
console-country = Country (ISO code)
console-company_identifier = Registration number
console-add_company = Add the company
console-place = Place a learner
console-from = From
console-until = Until
console-place_button = Place
console-tutor_lead = The learners placed with your company. Record a unit's result as you observed it at work: the school is told, and where the unit asks for it a school assessor co-signs before the credential is issued.
console-no_placements = No learner is placed with your company at the moment.
console-company_added = Company added.
console-placed = Learner placed.
console-awaiting_cosignature = Result recorded: it waits for the school's co-signature.
console-validations_lead = Validation of prior learning: an adult's experience, shown in a portfolio and judged by a jury, validates units one at a time or by blocks. Validated units are issued like any other (learning setting: non-formal); the rest can follow later.
console-open_validation = Open a validation
console-candidate = Candidate
console-no_validations = No validation procedure yet.
console-portfolio = Portfolio
console-portfolio_hint = Documents are kept for the jury; a credential names only their SHA-256 digest and description.
console-document = Document
console-document_description = What it shows
console-add_document = Add the document
console-document_added = Document added.
console-validation_opened = Validation opened.
console-jury_decision = Jury decision
console-jury = Jury
console-methods = Methods
console-evidence = Documents the decision rests on
console-units_decided = Units decided
console-decide = Record the decision
console-standing = Where the candidate stands
console-credentials_lead = Every credential the school issued, newest last, page by page.
console-kind = Kind
nav-portability = Recognition
console-portability_lead = Recognition tables say which foreign achievements count as which unit here; the trust registry says which issuers this server trusts, for what and since when.
console-tables = Recognition tables
console-no_lines = No line yet: foreign units are decided one by one.
console-remove = Remove
console-or_title = or its title (Europass credential)
console-add_line = Add the line
console-table_saved = Recognition table saved.
console-registry = Trust registry
console-registry_lead = The registry is the server operator's, for every school on this server: each change is made with the operator token, typed in the form and never kept. Suspending an issuer ends its authorisations today; what it certified before stays trusted.
console-issuer = Issuer
console-authorisations = Authorisations
console-operator_token = Operator token
console-authorised_achievement = Achievement it may certify (id)
console-scope = Scope
console-authority = On whose authority
console-add_issuer = Add the issuer
console-registry_saved = Trust registry updated.
console-first_page = First page
verify-setting = Learning setting
setting-formal = formal (school, training centre)
setting-non_formal = non-formal (validation of prior learning)
verify-route = How it was assessed
workplace-pending = awaiting the school's co-signature
workplace-confirmed = co-signed by the school: credential issued
workplace-refused = not confirmed by the school
problem-document_in_use = A jury decision rests on this document; it stays.
console-document_removed = Document removed.
vp-challenge_theirs = the caller's challenge (not one this server handed out)
vp-challenge_used = handed out here, now used up
vp-challenge_replayed = this challenge was already answered by a presentation
vp-challenge_expired = this challenge has expired
vp-challenge_other_domain = this challenge was handed out for another domain
vp-envelope_context = an enveloped presentation's @context must include { $url }
vp-envelope_id = an enveloped presentation's id must be data:application/vp+jwt,<token>
vp-not_object = a presentation is a JSON object
vp-first_context = @context must start with { $url }
vp-type = type must include VerifiablePresentation
vp-holder_url = holder must be a URL or an object with a URL id
vp-credentials_shape = verifiableCredential must be a credential or an array of credentials
vp-parsed = a VC Data Model 2.0 presentation
vp-unknown_context = { $url } is not a context this service ships (none is fetched)
vp-contexts = { $count ->
    [one] { $count } context, none fetched
   *[other] { $count } contexts, none fetched
}
vp-key = { $key } (authentication)
vp-holder_mismatch = signed by { $presenter }, not by the holder it names, { $holder }
vp-presented_by = presented by { $presenter }
vp-wrong_purpose = a presentation is proved for authentication, not { $purpose }
vp-no_challenge = the proof carries no challenge
vp-other_challenge = the proof answers another challenge
vp-domain = the proof is not bound to the domain { $domain }
vp-signature = { $suite } signature of the holder
vp-invalid_signature = the signature does not match the presentation and the holder's key
vp-payload_json = the payload is not JSON
vp-signature_jwt = EdDSA signature of the holder (vp+jwt)
vp-nonce = the token's nonce is not the challenge
vp-aud = the token's aud is not { $domain }
vp-iss = iss { $iss } is not the signer { $signer }
vp-credentials_invalid = { $invalid } of { $count } credentials are not verified
vp-credentials_not_holder = { $unbound } of { $count } credentials are not the holder's
vp-credentials_ok = { $count ->
    [one] { $count } credential verified, the holder's
   *[other] { $count } credentials verified, each the holder's
}
vp-check-parsing = Format
vp-check-contexts = Vocabularies (JSON-LD contexts)
vp-check-key_resolution = Holder's key
vp-check-holder = Holder
vp-check-proof = Holder's signature
vp-check-challenge = Challenge
vp-check-domain = Domain
vp-check-credentials = Credentials presented
console-tutor_company = for a company tutor only
