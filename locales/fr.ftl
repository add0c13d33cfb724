# unitcred's words in Français. Every file holds the same keys; a test checks it.

## atype
atype-oral = épreuve orale
atype-portfolio = portfolio
atype-practical = épreuve pratique
atype-written = épreuve écrite
atype-project = travail de projet
atype-continuous = évaluation continue

## award
award-confirmed = délivrée
award-issued = délivrée
award-pending = en attente
award-refused = refusée
award-revoked = révoquée

## check
check-contexts = Vocabulaires (contextes JSON-LD)
check-controller = Clé appartenant à l'émetteur
check-edc-controller = Le certificat du cachet nomme l'émetteur
check-edc-key_resolution = Certificat du cachet
check-edc-proof = Cachet électronique (JAdES)
check-edc-schema = Structure (European Learning Model)
check-edc-trust = Autorité de certification et émetteur reconnus
check-key_resolution = Clé de l'émetteur
check-legacy_claims = Champs du jeton JWT
check-parsing = Format
check-parts = Unités de la certification
check-proof = Signature
check-schema = Structure (Open Badges 3.0)
check-status = Statut (révocation, suspension)
check-trust = Confiance dans l'émetteur
check-validity_period = Période de validité

## console
console-accept = Reconnaître
console-access_created = Lien personnel créé : transmettez-le à l'apprenant·e ; il ne sera plus affiché.
console-access_expired = expiré
console-access_link = Créer un lien personnel
console-access_links = Liens personnels de l'apprenant·e
console-access_revoked = révoqué
console-access_revoked_notice = Lien révoqué : il n'ouvre plus rien, et les sessions ouvertes avec lui sont fermées.
console-action = Action
console-actions = Actions
console-actor = Qui
console-add = Ajouter
console-already = Déjà enregistrées
console-another_file = Importer un autre fichier
console-assessment_type = Type d'épreuve
console-assessor = Évaluateur·rice
console-at = Quand
console-audit_broken = Chaîne d'audit rompue !
console-audit_intact = Chaîne d'audit intacte.
console-awaiting_jury = En attente du jury
console-award = Certification
console-awards_lead = Quand toutes les unités d'un profil avec jury sont validées, la certification attend votre décision.
console-bad_json = JSON illisible
console-bad_login = Adresse e-mail ou mot de passe incorrect. Après 5 essais manqués, le compte est bloqué 15 minutes.
console-code = Code
console-confirm = Délivrer
console-created = Créée le
console-credential_issued = Attestation délivrée.
console-credentials_issued = attestations d'unité délivrées
console-date = Date
console-decided = Décision enregistrée.
console-decision = Décision
console-detail = Détail
console-disable = Désactiver
console-disabled = désactivé
console-draft = brouillon
console-email = Adresse e-mail
console-external_ref = Référence de l'école
console-family_name = Nom de famille
console-field = Champ
console-foreign_achievement = Acquis étranger
console-given_name = Prénom
console-history = Évaluations
console-import = Importer
console-import_profiles = Importer un profil ou un référentiel
console-import_title = Import des résultats
console-imported = importé
console-in_use = en usage (verrouillé)
console-key = Clé
console-keys_lead = La clé active signe les nouvelles attestations ; les anciennes restent vérifiables avec leur clé retirée.
console-label = Libellé
console-language = Langue
console-line = Ligne
console-login = Connexion du personnel
console-mandatory = obligatoire
console-message = Message
console-name = Nom
console-new_learner = Inscrire un·e apprenant·e
console-new_staff = Ajouter un membre du personnel
console-no_file = Choisissez un fichier.
console-optional = au choix
console-outcome = Résultat
console-password = Mot de passe
console-password_hint = 12 caractères au moins.
console-pending_awards = certifications en attente du jury
console-profile = Profil
console-profile_hint = Un profil (schemas/profile.schema.json) ou un référentiel avec « profiles » (schemas/referential.schema.json).
console-profile_json = Ou collez le document JSON
console-progress = Progression
console-proposed_unit = unité proposée
console-qualification_issued = Certification délivrée.
console-qualifications_issued = Certifications délivrées
console-reason = Motif
console-recognitions = Unités venues d'ailleurs (reconnaissance)
console-record = Encoder un résultat d'évaluation
console-recorded = Résultat enregistré.
console-recorded_rows = Enregistrées
console-referential_file = Fichier du référentiel (JSON)
console-refuse = Refuser
console-reinstate = Rétablir
console-rejected = Refusées
console-remediation = Note de remédiation (si non validée)
console-results_file = Fichier de résultats (CSV ou JSON)
console-results_format = Colonnes CSV : learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note
console-results_hint = Déposer le fichier de résultats d'une cohorte
console-results_lead = Un fichier par cohorte : une ligne par apprenant·e et par unité. Les attestations sont émises au fil de l'import ; on peut renvoyer le même fichier sans doublon.
console-retired = Retirée le
console-reviews = Révisions de certifications
console-reviews_lead = Une certification dont une unité a été révoquée est suspendue jusqu'à votre décision : la rétablir ou la révoquer, avec un motif.
console-revoke = Révoquer
console-revoked_unit = Unité révoquée
console-role = Rôle
console-rotate = Renouveler la clé de signature
console-rotated = Nouvelle clé active.
console-row_errors = Lignes refusées
console-rows = Lignes
console-save = Enregistrer
console-sector = Secteur
console-shown = Entrées affichées (les plus récentes)
console-sign_in = Se connecter
console-staff_added = Compte créé.
console-staff_disabled = Compte désactivé ; ses sessions sont fermées.
console-status_changed = Statut modifié ; la liste de statut publiée le reflète.
console-suspend = Suspendre
console-throttled = Trop d'essais manqués depuis cette adresse. Réessayez dans 15 minutes.
console-title = Console de l'école
console-units_issued = Attestations d'unité délivrées
console-upload = Importer le fichier
console-version = Version

## err
err-bad_form = Formulaire incomplet.
err-csrf = Ce formulaire n'a pas pu être vérifié (jeton de sécurité absent ou d'un autre site). Rechargez la page et réessayez.
err-csrf-title = Formulaire expiré
err-internal = Une erreur interne est survenue ; réessayez plus tard.

## footer
footer = unitcred · attestations signées des unités d'acquis d'apprentissage (UAA, ECVET, Europass)

## home
home-console = Personnel de l'école : référentiel, résultats, jury, révocations, clés.
home-lead = Chaque unité d'acquis d'apprentissage validée reçoit une attestation signée ; la certification suit quand toutes les unités sont validées.
home-learner = Votre progression, vos attestations et votre portefeuille, avec le lien reçu de l'école.
home-title = Attestations d'unités et de certifications
home-verify = Employeur ou organisme : vérifiez une attestation, un portefeuille ou une présentation.

## job
job-done = Import terminé.
job-failed = Import refusé.
job-interrupted = Import interrompu (le serveur s'est arrêté) : renvoyez le fichier, rien ne sera doublé.
job-running = Import en cours…

## key
key-active = active
key-compromised = compromise
key-retired = retirée

## kind
kind-credential = Attestation
kind-edc = Credential européen (Europass)
kind-qualification = Certification
kind-record = Relevé complet (CLR)
kind-unit = Unité d'acquis d'apprentissage

## learner
learner-back = Retour à ma page
learner-bad_code = Ce code ou ce lien n'est pas valable (inconnu, expiré ou révoqué). Demandez-en un nouveau à votre école.
learner-bundle_hint = Toutes vos attestations, votre relevé et un PDF avec codes QR, vérifiables même hors ligne.
learner-code = Code personnel
learner-credential = Attestation
learner-credentials = Mes attestations
learner-download = Télécharger mon portefeuille (.zip)
learner-ecvet_required = points ECVET requis
learner-europass = Télécharger pour Europass
learner-hello = Bonjour
learner-in_all = au total
learner-issued = Délivrée le
learner-json = Voir l'attestation signée (JSON)
learner-jury = Toutes les unités sont validées : la certification attend la décision du jury.
learner-lead = Entrez le code personnel reçu de votre école (il commence par ucl_), ou ouvrez le lien qu'elle vous a envoyé.
learner-need_code = Ouvrez d'abord votre page avec votre code ou votre lien.
learner-offer-alt = Code QR de l'offre d'attestation
learner-offer-expires = Valable jusqu'au
learner-offer-lead = Scannez ce code QR avec votre application de portefeuille (OpenID4VCI).
learner-offer-open = Ouvrir dans le portefeuille de cet appareil
learner-offer-title = Ajouter à mon portefeuille
learner-open = Ouvrir ma page
learner-points = Points ECVET obtenus
learner-standing = { $validated } unités validées sur { $total }
learner-remaining = { $count ->
    [one] il reste cette unité :
   *[other] il reste ces { $count } unités :
}
route-prior_learning = validée par un jury (validation des acquis)
route-work_based = évaluée en entreprise
unit-awaiting_cosignature = en attente de la contresignature de l'école
learner-qualified = Certification obtenue.
learner-refused = Cette page appartient à un·e autre apprenant·e : votre code n'ouvre que la vôtre.
learner-refused-title = Accès refusé
learner-school = École
learner-see = Détails
learner-share = Lien de vérification à partager
learner-state = État
learner-title = Ma progression
learner-tx_code = Code à saisir dans le portefeuille :
learner-unit = Unité
learner-unit_title = Intitulé
learner-units = Unités
learner-verify = Vérifier
learner-wallet = Ajouter à mon portefeuille numérique
learner-wallet_all = Toutes mes attestations dans mon portefeuille (un seul scan)

## nav
nav-audit = Journal d'audit
nav-awards = Jury
nav-console = Console école
nav-dashboard = Tableau de bord
nav-home = Accueil
nav-keys = Clés
nav-label = Navigation principale
nav-languages = Langue
nav-learner = Apprenant·e
nav-learners = Apprenant·es
nav-logout = Se déconnecter
nav-profiles = Profils de certification
nav-results = Résultats de cohorte
nav-skip = Aller au contenu
nav-staff = Personnel
nav-verify = Vérifier

## outcome
outcome-not_validated = non validée
outcome-validated = validée

## recognition
recognition-accepted = reconnue
recognition-proposed = proposée
recognition-refused = refusée

## role
role-admin = administration
role-assessor = évaluation

## state
state-failed = échec
state-passed = réussi
state-skipped = non vérifié
state-warning = attention

## status
status-active = active
status-revoked = révoquée
status-suspended = suspendue

## unit
unit-from = reconnue de
unit-pending = à venir
unit-recognised = reconnue (ailleurs)
unit-remediation = en remédiation
unit-revoked = retirée (ne compte plus)
unit-validated = validée

## verdict
verdict-fail = Non valide
verdict-failed_check = échec de la vérification :
verdict-ok = Valide
verdict-warn = Valide, avec une réserve

## verify
verify-again = Vérifier autre chose
verify-all_ok = Tout est vérifié.
verify-awarded = Délivré le
verify-bundle_broken = Portefeuille modifié
verify-bundle_intact = Portefeuille intact : chaque fichier correspond à son empreinte
verify-bundle_signed = manifeste signé par
verify-checks = Vérifications
verify-contains = Attestations incluses
verify-count = Attestations vérifiées
verify-ecvet = Points ECVET
verify-eqf = Niveau CEC (EQF)
verify-err-empty = Collez une attestation ou choisissez un fichier.
verify-err-json = Ce texte ressemble à du JSON mais n'en est pas : vérifiez qu'il est complet.
verify-err-none = Aucune attestation trouvée dans ce qui a été envoyé.
verify-err-not_found = Aucune attestation n'a cet identifiant sur ce serveur.
verify-err-too_many = Trop d'attestations en une fois (60 au plus).
verify-err-unknown = Ce n'est ni une attestation JSON, ni un JWT, ni un portefeuille .zip.
verify-err-unreadable = Ce fichier n'est ni du texte ni un portefeuille .zip.
verify-err-zip = Ce fichier .zip n'est pas lisible.
verify-files = fichiers
verify-hashed = identifié·e par empreinte salée
verify-holder = Titulaire
verify-issuer = Émis par
verify-kind = Type
verify-kind-bundle = Portefeuille de l'apprenant·e
verify-kind-list = Liste d'attestations
verify-kind-presentation = Présentation
verify-kind-single = Résultat de la vérification
verify-lead = Collez une attestation (JSON ou JWT), une présentation ou une liste, ou déposez le fichier ou le portefeuille (.zip) reçu de l'apprenant·e. Chaque signature, l'émetteur, le statut et la validité sont vérifiés.
verify-learner = Apprenant·e
verify-no_end = sans limite
verify-not_all_ok = Au moins une vérification a échoué : voir le détail ci-dessous.
verify-other = Vérifier une autre attestation
verify-paste = Attestation à vérifier
verify-paste_hint = Le texte complet, tel que reçu.
verify-private = Rien de ce que vous envoyez n'est conservé.
verify-seal = Cachet
verify-submit = Vérifier
verify-title = Vérifier une attestation
verify-unnamed = non précisé
verify-unproven = Le contenu ci-dessous n'est pas garanti par l'émetteur : ne vous y fiez pas.
verify-untitled = Attestation sans titre
verify-upload = Ou un fichier (.json, .jwt, portefeuille .zip)
verify-valid_from = Valable à partir du
verify-valid_until = Valable jusqu'au

## transcript (the learner's transcript, HTML and PDF)
transcript-title = Relevé personnel des acquis d'apprentissage
transcript-learner = Apprenant·e
transcript-issuer = Émetteur
transcript-as_of = Situation au
transcript-unit = Unité
transcript-qualification = Certification
transcript-points = Points ECVET
transcript-eqf = Niveau CEC
transcript-issued = Délivré le
transcript-status = Statut
transcript-file = Fichier (SHA-256)
transcript-active = valide
transcript-suspended = suspendu
transcript-revoked = révoqué
transcript-snapshot = Listes de statut relevées le
transcript-offline = Chaque fichier de ce paquet est signé et vérifiable hors ligne : unitcred verify PAQUET.zip
transcript-verify = Vérifier
transcript-page = Page

## card (the picture an EDC carries)
card-unit = Unité d'acquis d'apprentissage
card-qualification = Qualification
card-awarded_to = délivrée à
card-points = points ECVET
card-eqf = niveau CEC

## text (a cause quoted as it was reported)
text = { $text }

## v (the verifier's check lines)
v-not_reached = non atteint
v-body_shape = le corps doit être {"{"}"verifiableCredential": …{"}"}
v-edc_unsealed = une attestation numérique européenne n'est valable que scellée (JAdES) ; celle-ci ne porte aucun cachet
v-envelope_id = une EnvelopedVerifiableCredential doit avoir un id data:application/vc+jwt,<jeton>
v-envelope_context = le @context d'une EnvelopedVerifiableCredential doit inclure { $url }
v-first_context = le premier @context doit être { $url }
v-unknown_context = le contexte { $url } n'est pas de ceux que ce vérificateur détient
v-embedded_context = les contextes inclus dans le document ne sont pas acceptés
v-contexts = { $count ->
    [one] { $count } contexte épinglé
   *[other] { $count } contextes épinglés
}
v-key_revoked = { $key } est révoquée (compromise) depuis le { $since } ; cette preuve a été faite le { $when }
v-key_revoked_undated = { $key } est révoquée (compromise) depuis le { $since } ; on ne sait pas quand cette preuve a été faite
v-key_resolved = { $key } trouvée
v-controller_mismatch = la clé est contrôlée par { $key }, pas par l'émetteur { $issuer }
v-controller = la clé appartient à l'émetteur
v-no_registry = aucun registre de confiance consulté
v-issuer_unknown = signature valable, émetteur inconnu : { $detail }
v-validity_reversed = validFrom est postérieur à validUntil
v-not_yet_valid = valable à partir du { $when }, nous sommes le { $now }
v-expired = expirée le { $when }, nous sommes le { $now }
v-valid_at = valable le { $now }
v-no_schema = l'attestation ne nomme aucun schéma
v-schema_no_id = une entrée credentialSchema n'a pas d'id
v-schema_violation = { $id } : { $detail }
v-schema_unknown = schéma(s) non détenu(s) hors ligne, non vérifié(s) : { $list }
v-schema_valid = conforme à { $list }
v-parsed_di = { $count ->
    [one] attestation VC 2.0 avec { $count } preuve
   *[other] attestation VC 2.0 avec { $count } preuves
}
v-proof_purpose = proofPurpose { $purpose } n'est pas assertionMethod
v-signature_valid = signature { $suite } valable
v-signature_mismatch = la signature ne correspond pas à l'attestation
v-jsonld_failed = le traitement JSON-LD a échoué : { $cause }
v-jose_alg = l'algorithme JOSE { $alg } n'est pas accepté ; seul EdDSA l'est
v-jws_not_json = le contenu du JWS n'est pas du JSON
v-vcjwt_members = un contenu vc+jwt ne porte ni vc ni proof
v-parsed_jws = JWS compact ({ $form }), algorithme EdDSA
v-iss_mismatch = la revendication iss diffère de l'émetteur
v-jws_valid = signature EdDSA valable
v-token_mismatch = la signature ne correspond pas au jeton
v-no_status = pas d'entrée de statut
v-status_offline = les listes de statut n'ont pas été consultées (vérification hors ligne)
v-status_unavailable = statut { $purpose } indisponible : { $why }
v-status_set = { $status } : l'émetteur a positionné le bit { $index } de { $url }
v-status_clear = non signalée ({ $list })
v-seal_alg = l'algorithme de cachet { $alg } n'est pas accepté ; seuls RS256, PS256 et ES256 le sont
v-sealed_not_json = le contenu scellé n'est pas du JSON : { $cause }
v-sealed_not_edc = le contenu scellé n'est pas une EuropeanDigitalCredential
v-x5c_empty = x5c est vide
v-parsed_edc = attestation numérique européenne, cachet JAdES { $level } (sérialisation { $serialization }), { $alg }
v-parsed_edc_unencoded = attestation numérique européenne, cachet JAdES { $level } (sérialisation { $serialization }, contenu non encodé), { $alg }
v-edc_contexts = le @context d'une EDC est [{ $vc }, { $edc }], tous deux détenus hors ligne
v-edc_contexts_ok = contextes VC 1.1 et ELM EDC
v-seal_certificate = certificat de cachet { $subject } (délivré par { $issuer }), tiré du cachet lui-même
v-seal_org = l'identifiant d'organisation du certificat de cachet, { $org }, est celui de l'émetteur
v-seal_org_mismatch = l'identifiant eIDAS de l'émetteur, { $issuer }, n'est pas l'identifiant d'organisation du certificat de cachet, { $org }
v-seal_valid = cachet { $alg } valable sur les octets scellés exacts
v-seal_mismatch = le cachet ne correspond pas aux octets scellés
v-shape_ok = les règles de structure de la forme ELM EDC sont respectées ({ $count } nœuds)
v-shape_violation = forme ELM EDC : { $detail }
v-edc_status_other = le statut { $url } n'est pas une entrée de liste de statut bitstring : non vérifié
v-certificate_period = le certificat de cachet était valable du { $from } au { $until }, pas au moment où le cachet dit avoir été apposé ({ $when })
v-no_seal_cas = aucune liste de confiance d'autorités de cachet consultée
v-seal_unchecked = cachet intact, certificat non vérifié : { $detail }
v-seal_untrusted_chain = le certificat de cachet ({ $issuer }) ne remonte pas à une autorité de cachet de confiance : { $why }
v-seal_untrusted = cachet intact, pas de confiance : { $detail }
v-sealed_trusted_ca = scellée par { $subject } sous une autorité de confiance ({ $anchor }) ; aucun registre de confiance consulté
v-certificate_trusted = certificat de confiance ({ $anchor }) ; { $detail }
v-seal_issuer_unknown = cachet valable et certificat de confiance, émetteur inconnu : { $detail }
v-parts = { $count ->
    [one] { $count } attestation d'unité référencée
   *[other] { $count } attestations d'unité référencées
}
v-part_no_copy = aucune copie de cette attestation n'a été fournie ni n'est conservée ici
v-part_digest = son empreinte ne correspond pas au relatedResource de l'attestation de certification
v-part_failed = attestation d'unité { $id } : { $detail }

## trust (what the trust registry says of an issuer)
trust-not_listed = { $issuer } ne figure pas dans le registre de confiance de ce serveur
trust-no_achievement = { $name } ({ $country }) est connu ; l'attestation ne nomme aucun acquis sur lequel vérifier une habilitation
trust-authorised = { $name } ({ $country }) est habilité pour cet acquis par { $authority }
trust-not_authorised = { $name } n'est pas habilité à certifier { $id }
trust-not_authorised_on = { $name } n'était pas habilité à certifier { $id } le { $when } (habilité { $list })

## problem (the API's refusals, by code, as the console shows them; detail: the API's words)
problem-validation_failed = Certains champs ne sont pas valables : { $detail }
problem-unauthorized = Connectez-vous d'abord.
problem-forbidden = Votre rôle ne permet pas cette action ; demandez à un administrateur.
problem-learner_not_found = Apprenant·e introuvable.
problem-profile_not_found = Profil de certification introuvable.
problem-unit_not_found = Unité introuvable.
problem-credential_not_found = Attestation introuvable.
problem-provider_not_found = Établissement introuvable.
problem-award_not_found = Délivrance introuvable.
problem-not_found = Introuvable.
problem-payload_too_large = Le fichier ou le formulaire est trop volumineux.
problem-unsupported_media_type = Ce type de fichier n'est pas accepté : { $detail }
problem-internal = Une erreur s'est produite sur le serveur ; rien n'a été modifié. Réessayez plus tard.
problem-already_exists = Cela existe déjà : { $detail }
problem-conflict = Cela contredit ce qui est enregistré : { $detail }
problem-nothing_to_offer = Il n'y a rien à proposer : { $detail }
problem-invalid_credential = L'attestation ne respecte pas le modèle VC 2.0 : { $detail }
problem-invalid_option = Cette option n'est pas acceptée : { $detail }
problem-ambiguous_credential = Plusieurs attestations correspondent : { $detail }
problem-status_purpose = L'entrée de statut de l'attestation ne le permet pas : { $detail }
problem-malformed_json = Le fichier n'est pas du JSON valable : { $detail }
problem-unreadable_body = La demande n'a pas pu être lue : { $detail }
problem-malformed_request = La demande n'a pas la forme attendue : { $detail }
problem-too_many_credentials = Trop d'attestations à la fois : { $detail }
problem-request_timeout = Le serveur a mis trop de temps ; réessayez.
problem-method_not_allowed = Cette action n'est pas possible ici.
problem-too_many_requests = Trop de tentatives ; attendez un instant et réessayez.
problem-bad_request = La demande n'est pas valable : { $detail }
problem-no_seal_certificate = Aucun certificat de cachet électronique n'est encore installé : un administrateur doit en installer un avant de délivrer des attestations Europass.
problem-key_compromised = Cette clé est déjà marquée comme compromise.
problem-did_key_fixed = Un identifiant did:key est sa propre clé et ne peut pas changer ; utilisez un établissement did:web.
problem-empty_record = L'apprenant·e ne détient encore aucune attestation.
problem-import_in_progress = Une autre importation enregistre les mêmes résultats ; relancez celle-ci quand elle sera terminée.
problem-recognition_conflict = La même attestation a été soumise au même moment ; réessayez.
problem-unit_already_validated = L'apprenant·e détient déjà une attestation pour cette unité ; rien à reconnaître.
problem-recognition_decided = Cette reconnaissance a déjà été décidée.
problem-credential_revoked = L'attestation est révoquée ; une révocation ne peut pas être annulée.
problem-already_suspended = L'attestation est déjà suspendue.
problem-not_suspended = Seule une attestation suspendue peut être rétablie.
problem-review_decided = Ce réexamen a déjà reçu une décision.
problem-award_decided = Cette délivrance a déjà été décidée.
problem-rule_not_satisfied = L'apprenant·e ne satisfait plus la règle de la certification.
problem-already_issued = L'attestation de certification existe déjà.
problem-email_taken = Un compte du personnel utilise déjà cette adresse e-mail.
problem-profile_locked = Des attestations ont été délivrées sous cette version du profil : publiez plutôt une nouvelle version ({ $detail }).
problem-not_placed = Cet apprenant n'est pas placé dans votre entreprise à cette date : { $detail }
problem-cosignature_pending = Un résultat du tuteur pour cette unité attend déjà la contresignature de l'école.
problem-already_decided = Ce résultat a déjà été confirmé ou refusé.
problem-company_not_found = Entreprise introuvable.
problem-procedure_not_found = Procédure de validation introuvable.

## Presentation requests of the verifier page (OpenID4VP)
vpr-title = Demander une présentation
vpr-lead = Demandez au portefeuille de l'apprenant de présenter ses attestations : le portefeuille signe la présentation avec la clé propre de l'apprenant, vous savez donc que la personne qui les présente est celle à qui elles ont été délivrées.
vpr-start = Créer une demande
vpr-private = Ce que le portefeuille présente n'est conservé que jusqu'à l'expiration de la demande (10 minutes).
vpr-or_paste = Ou coller ou déposer une attestation
vpr-scan = Faites scanner ce code par le portefeuille de l'apprenant (OpenID4VP). Cette page montre le résultat dès que le portefeuille a répondu.
vpr-qr = Code QR de la demande de présentation
vpr-open_wallet = Ouvrir dans un portefeuille sur cet appareil
vpr-expires = La demande expire à
vpr-refresh = Rechargez cette page quand l'apprenant a répondu.
vpr-check = Voir si une réponse est arrivée
vpr-answered = Présentation reçue
vpr-holds = La personne qui présente détient ces attestations, et toutes les vérifications sont passées.
vpr-presenter = Présentée par
vpr-again = Demander une autre présentation
vpr-expired = Cette demande de présentation n'existe pas ou a expiré.
verify-ask_wallet = Ou demander une présentation au portefeuille de l'apprenant

## Learner search and pages
console-search = Rechercher (nom, e-mail, référence)
console-search_button = Rechercher
console-no_match = Aucun apprenant ne correspond à cette recherche.
console-next_page = Page suivante

## Key compromise in the console
console-compromise = Déclarer une clé compromise
console-compromise_lead = Si une clé privée a pu fuiter : les preuves qu'elle a faites depuis la date donnée (UTC ; vide : maintenant) échouent à la vérification, et une clé de signature est remplacée aussitôt. C'est définitif.
console-compromise_since = Compromise depuis (UTC)
console-compromise_button = Déclarer compromise
console-compromise_done = La clé est déclarée compromise.
console-older = Entrées plus anciennes

## Foreign units from the console
console-foreign_submit = Apporter une unité acquise ailleurs
console-foreign_credential = Attestation d'unité d'une autre école ou d'un autre pays
console-foreign_hint = Collez-la telle que reçue (JSON ou JWT). Elle est vérifiée, puis proposée à la reconnaissance.
console-foreign_button = Vérifier et proposer
console-foreign_submitted = L'attestation est enregistrée pour reconnaissance : voyez son verdict ci-dessus.
role-tutor = tuteur en entreprise
nav-workplace = Entreprises
nav-tutor = Mes apprenants
nav-validations = Validation des acquis
nav-credentials = Attestations
console-workplace_lead = Les entreprises qui accueillent des apprenants, qui est placé où, et les résultats des tuteurs qui attendent la contresignature d'un évaluateur de l'école avant la délivrance de l'unité.
console-cosignatures = Résultats à contresigner
console-no_cosignatures = Aucun résultat de tuteur en attente.
console-company = Entreprise
console-tutor = Tuteur
console-cosign = Contresigner
console-companies = Entreprises
console-country = Pays (code ISO)
console-company_identifier = Numéro d'entreprise
console-add_company = Ajouter l'entreprise
console-place = Placer un apprenant
console-from = Du
console-until = Au
console-place_button = Placer
console-tutor_lead = Les apprenants placés dans votre entreprise. Enregistrez le résultat d'une unité tel que vous l'avez observé au travail : l'école en est informée et, si l'unité le demande, un évaluateur de l'école contresigne avant la délivrance de l'attestation.
console-no_placements = Aucun apprenant n'est placé dans votre entreprise pour le moment.
console-company_added = Entreprise ajoutée.
console-placed = Apprenant placé.
console-awaiting_cosignature = Résultat enregistré : il attend la contresignature de l'école.
console-validations_lead = Validation des acquis de l'expérience : l'expérience d'un adulte, montrée dans un portfolio et jugée par un jury, valide des unités une à une ou par blocs. Les unités validées sont délivrées comme les autres (cadre d'apprentissage : non formel) ; les autres peuvent suivre plus tard.
console-open_validation = Ouvrir une validation
console-candidate = Candidat
console-no_validations = Aucune procédure de validation pour l'instant.
console-portfolio = Portfolio
console-portfolio_hint = Les documents sont conservés pour le jury ; une attestation ne mentionne que leur empreinte SHA-256 et leur description.
console-document = Document
console-document_description = Ce qu'il montre
console-add_document = Ajouter le document
console-document_added = Document ajouté.
console-validation_opened = Validation ouverte.
console-jury_decision = Décision du jury
console-jury = Jury
console-methods = Méthodes
console-evidence = Documents sur lesquels la décision repose
console-units_decided = Unités décidées
console-decide = Enregistrer la décision
console-standing = Où en est le candidat
console-credentials_lead = Toutes les attestations délivrées par l'école, les plus récentes en dernier, page par page.
console-kind = Type
nav-portability = Reconnaissance
console-portability_lead = Les tables de reconnaissance disent quels acquis étrangers valent quelle unité ici ; le registre de confiance dit quels émetteurs ce serveur reconnaît, pour quoi et depuis quand.
console-tables = Tables de reconnaissance
console-no_lines = Aucune ligne : les unités étrangères sont décidées une à une.
console-remove = Retirer
console-or_title = ou son intitulé (attestation Europass)
console-add_line = Ajouter la ligne
console-table_saved = Table de reconnaissance enregistrée.
console-registry = Registre de confiance
console-registry_lead = Le registre appartient à l'opérateur du serveur, pour toutes les écoles qu'il héberge : chaque modification se fait avec le jeton d'opérateur, saisi dans le formulaire et jamais conservé. Suspendre un émetteur met fin à ses autorisations aujourd'hui ; ce qu'il a certifié avant reste reconnu.
console-issuer = Émetteur
console-authorisations = Autorisations
console-operator_token = Jeton d'opérateur
console-authorised_achievement = Acquis qu'il peut certifier (identifiant)
console-scope = Portée
console-authority = Sur quelle autorité
console-add_issuer = Ajouter l'émetteur
console-registry_saved = Registre de confiance mis à jour.
console-first_page = Première page
verify-setting = Cadre d'apprentissage
setting-formal = formel (école, centre de formation)
setting-non_formal = non formel (validation des acquis)
verify-route = Mode d'évaluation
workplace-pending = en attente de la contresignature de l'école
workplace-confirmed = contresigné par l'école : attestation délivrée
workplace-refused = non confirmé par l'école
problem-document_in_use = Une décision du jury repose sur ce document ; il est conservé.
console-document_removed = Document retiré.
vp-challenge_theirs = le défi de l'appelant (pas un défi remis par ce serveur)
vp-challenge_used = remis ici, désormais utilisé
vp-challenge_replayed = une présentation a déjà répondu à ce défi
vp-challenge_expired = ce défi a expiré
vp-challenge_other_domain = ce défi a été remis pour un autre domaine
vp-envelope_context = le @context d'une présentation enveloppée doit inclure { $url }
vp-envelope_id = l'id d'une présentation enveloppée doit être data:application/vp+jwt,<jeton>
vp-not_object = une présentation est un objet JSON
vp-first_context = @context doit commencer par { $url }
vp-type = type doit inclure VerifiablePresentation
vp-holder_url = holder doit être une URL ou un objet dont l'id est une URL
vp-credentials_shape = verifiableCredential doit être une attestation ou un tableau d'attestations
vp-parsed = une présentation VC Data Model 2.0
vp-unknown_context = { $url } n'est pas un contexte fourni avec ce service (aucun n'est téléchargé)
vp-contexts = { $count ->
    [one] { $count } contexte, aucun téléchargé
   *[other] { $count } contextes, aucun téléchargé
}
vp-key = { $key } (authentification)
vp-holder_mismatch = signée par { $presenter }, pas par le titulaire qu'elle nomme, { $holder }
vp-presented_by = présentée par { $presenter }
vp-wrong_purpose = une présentation est prouvée pour l'authentification, pas pour { $purpose }
vp-no_challenge = la preuve ne porte aucun défi
vp-other_challenge = la preuve répond à un autre défi
vp-domain = la preuve n'est pas liée au domaine { $domain }
vp-signature = signature { $suite } du titulaire
vp-invalid_signature = la signature ne correspond pas à la présentation et à la clé du titulaire
vp-payload_json = le contenu n'est pas du JSON
vp-signature_jwt = signature EdDSA du titulaire (vp+jwt)
vp-nonce = le nonce du jeton n'est pas le défi
vp-aud = l'aud du jeton n'est pas { $domain }
vp-iss = iss { $iss } n'est pas le signataire { $signer }
vp-credentials_invalid = { $invalid } attestation(s) sur { $count } ne sont pas vérifiées
vp-credentials_not_holder = { $unbound } attestation(s) sur { $count } ne sont pas celles du titulaire
vp-credentials_ok = { $count ->
    [one] { $count } attestation vérifiée, celle du titulaire
   *[other] { $count } attestations vérifiées, toutes du titulaire
}
vp-check-parsing = Format
vp-check-contexts = Vocabulaires (contextes JSON-LD)
vp-check-key_resolution = Clé du titulaire
vp-check-holder = Titulaire
vp-check-proof = Signature du titulaire
vp-check-challenge = Défi
vp-check-domain = Domaine
vp-check-credentials = Attestations présentées
console-tutor_company = pour un tuteur en entreprise seulement
