-- FHIR R4 import (POST /api/fhir/import; apps/README.md "FHIR import"). Same conventions as V10.

-- Matching keys: a resource is the same record again when one of its keys is already linked to a
-- record of that resource type in the practice. kind 'identifier': Identifier system|value;
-- kind 'source': the bundle entry's fullUrl or ResourceType/id (used to match resources without
-- identifiers, and to resolve references to resources imported before).
CREATE TABLE fhir_match (
    practice_id   text NOT NULL DEFAULT current_setting('practicekey.practice', true),
    resource_type text NOT NULL,
    match_key     text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('identifier', 'source')),
    system        text,
    value         text,
    record_id     uuid NOT NULL,
    PRIMARY KEY (practice_id, resource_type, match_key)
);
CREATE INDEX fhir_match_by_record ON fhir_match (practice_id, record_id);
SELECT practicekey_isolate('fhir_match');

-- References to resources outside the bundle (conditional references to organizations and
-- practitioners, ...), kept as they were written: path is the element (e.g. serviceProvider,
-- participant.individual), reference its text.
CREATE TABLE fhir_reference (
    practice_id   text    NOT NULL DEFAULT current_setting('practicekey.practice', true),
    record_id     uuid    NOT NULL,
    seq           integer NOT NULL,
    resource_type text    NOT NULL,
    path          text    NOT NULL,
    reference     text    NOT NULL,
    PRIMARY KEY (practice_id, record_id, seq)
);
SELECT practicekey_isolate('fhir_reference');

-- Observations as FHIR has them: a number, a coded value, a text, components only, or no value.
ALTER TABLE observation ALTER COLUMN value DROP NOT NULL;
ALTER TABLE observation ALTER COLUMN unit DROP NOT NULL;
ALTER TABLE observation ADD COLUMN status      text;
ALTER TABLE observation ADD COLUMN code_system text;
ALTER TABLE observation ADD COLUMN value_code  text;
ALTER TABLE observation ADD COLUMN value_system text;
ALTER TABLE observation ADD COLUMN value_text  text;

-- Components (e.g. systolic and diastolic blood pressure), each with its own code and value.
CREATE TABLE observation_component (
    practice_id    text    NOT NULL DEFAULT current_setting('practicekey.practice', true),
    observation_id uuid    NOT NULL,
    seq            integer NOT NULL,
    code_system    text,
    code           text    NOT NULL,
    display        text    NOT NULL,
    value          numeric,
    unit           text,
    value_code     text,
    value_system   text,
    value_text     text,
    PRIMARY KEY (practice_id, observation_id, seq),
    FOREIGN KEY (practice_id, observation_id) REFERENCES observation (practice_id, id)
);
SELECT practicekey_isolate('observation_component');

ALTER TABLE encounter ADD COLUMN class_code text;
ALTER TABLE encounter ADD COLUMN type_code  text;
ALTER TABLE encounter ADD COLUMN started_at timestamptz;
ALTER TABLE encounter ADD COLUMN ended_at   timestamptz;

ALTER TABLE problem ADD COLUMN code_system  text;
ALTER TABLE problem ADD COLUMN encounter_id uuid;
ALTER TABLE problem ADD FOREIGN KEY (practice_id, encounter_id) REFERENCES encounter (practice_id, id);

CREATE TABLE procedure (
    practice_id  text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id           uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    encounter_id uuid,
    status       text        NOT NULL,
    code_system  text,
    code         text        NOT NULL,
    display      text        NOT NULL,
    performed_start timestamptz,
    performed_end   timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, encounter_id) REFERENCES encounter (practice_id, id)
);
CREATE INDEX procedure_by_patient ON procedure (practice_id, patient_id, performed_start);
SELECT practicekey_isolate('procedure');

CREATE TABLE medication_request (
    practice_id  text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id           uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    encounter_id uuid,
    status       text        NOT NULL,
    intent       text        NOT NULL,
    medication_system  text,
    medication_code    text,
    medication_display text  NOT NULL,
    authored_on  timestamptz,
    dosage_text  text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, encounter_id) REFERENCES encounter (practice_id, id)
);
CREATE INDEX medication_request_by_patient ON medication_request (practice_id, patient_id, authored_on);
SELECT practicekey_isolate('medication_request');

CREATE TABLE allergy_intolerance (
    practice_id  text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id           uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    encounter_id uuid,
    clinical_status     text,
    verification_status text,
    type         text,
    category     text,
    criticality  text,
    code_system  text,
    code         text        NOT NULL,
    display      text        NOT NULL,
    recorded_at  timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, encounter_id) REFERENCES encounter (practice_id, id)
);
CREATE INDEX allergy_intolerance_by_patient ON allergy_intolerance (practice_id, patient_id);
SELECT practicekey_isolate('allergy_intolerance');
