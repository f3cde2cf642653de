-- clinical-app. Every table: practice_id first (filled from the transaction's practice), primary
-- key and indexes leading with it, references within the same practice, row-level security.

CREATE TABLE patient (
    practice_id text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id          uuid        NOT NULL,
    family_name text        NOT NULL,
    given_name  text        NOT NULL,
    birth_date  date        NOT NULL,
    sex         text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id)
);
CREATE INDEX patient_by_name ON patient (practice_id, lower(family_name), lower(given_name));
CREATE INDEX patient_by_birth_date ON patient (practice_id, birth_date);
SELECT practicekey_isolate('patient');

CREATE TABLE encounter (
    practice_id    text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id             uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    encounter_date date        NOT NULL,
    kind           text        NOT NULL,
    reason         text        NOT NULL,
    status         text        NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);
CREATE INDEX encounter_by_patient_date ON encounter (practice_id, patient_id, encounter_date);
SELECT practicekey_isolate('encounter');

CREATE TABLE problem (
    practice_id   text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id            uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    code          text        NOT NULL,
    description   text        NOT NULL,
    status        text        NOT NULL,
    onset_date    date,
    resolved_date date,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);
CREATE INDEX problem_by_patient ON problem (practice_id, patient_id, onset_date);
SELECT practicekey_isolate('problem');

CREATE TABLE observation (
    practice_id  text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id           uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    encounter_id uuid,
    category     text        NOT NULL,
    code         text        NOT NULL,
    display      text        NOT NULL,
    value        numeric     NOT NULL,
    unit         text        NOT NULL,
    observed_at  timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, encounter_id) REFERENCES encounter (practice_id, id)
);
CREATE INDEX observation_by_patient_time ON observation (practice_id, patient_id, observed_at);
SELECT practicekey_isolate('observation');

CREATE TABLE note (
    practice_id  text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id           uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    encounter_id uuid,
    title        text        NOT NULL,
    body         text        NOT NULL,
    status       text        NOT NULL,
    author       text        NOT NULL,
    signed_by    text,
    signed_at    timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, encounter_id) REFERENCES encounter (practice_id, id)
);
CREATE INDEX note_by_patient ON note (practice_id, patient_id, created_at);
SELECT practicekey_isolate('note');

-- A signed note is never edited in place: its text is frozen by this trigger, amendments are rows here.
CREATE FUNCTION note_signed_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'signed' THEN
        RAISE EXCEPTION 'a signed note cannot be changed; add an amendment';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER note_signed_frozen BEFORE UPDATE OR DELETE ON note
    FOR EACH ROW EXECUTE FUNCTION note_signed_is_frozen();

CREATE TABLE note_amendment (
    practice_id text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id          uuid        NOT NULL,
    note_id     uuid        NOT NULL,
    body        text        NOT NULL,
    author      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, note_id) REFERENCES note (practice_id, id)
);
CREATE INDEX note_amendment_by_note ON note_amendment (practice_id, note_id, created_at);
SELECT practicekey_isolate('note_amendment');
