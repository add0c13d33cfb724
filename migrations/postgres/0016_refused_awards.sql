-- A refused award stays on record but no longer stands in the way of a later one: when new
-- units change the learner's picture, a new award is opened for the jury. Only a pending or an
-- issued award is the current one.
drop index awards_one_current;
create unique index awards_one_current on awards (learner_id, profile_id)
    where status in ('pending', 'issued');
