-- What a wallet presented in answer to a presentation request of the verifier page (OpenID4VP),
-- kept with its request until the request expires (then deleted with it), so the employer's
-- page can show it.
alter table presentation_challenges add column result text;
