-- An award whose qualification credential was revoked stays on record, marked `revoked`, and
-- no longer stands in the way of a new award for the same learner and profile.
alter table awards drop constraint awards_status_check;
alter table awards add constraint awards_status_check
    check (status in ('pending', 'refused', 'issued', 'revoked'));
alter table awards drop constraint awards_learner_id_profile_id_key;
create unique index awards_one_current on awards (learner_id, profile_id) where status <> 'revoked';
