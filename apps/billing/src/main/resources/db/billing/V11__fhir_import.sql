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

-- Coverage as FHIR has it: plan, member id and period are optional there.
ALTER TABLE coverage ALTER COLUMN plan_name DROP NOT NULL;
ALTER TABLE coverage ALTER COLUMN member_id DROP NOT NULL;
ALTER TABLE coverage ALTER COLUMN start_date DROP NOT NULL;
ALTER TABLE coverage ADD COLUMN status text;

-- A FHIR Claim may be cancelled (or entered in error); such a claim charges nothing.
ALTER TABLE claim DROP CONSTRAINT claim_status_check;
ALTER TABLE claim ADD CONSTRAINT claim_status_check CHECK (status IN ('draft', 'submitted', 'paid', 'denied', 'cancelled'));
ALTER TABLE claim ADD COLUMN claim_type text;

-- The payer's answer to a claim (FHIR ExplanationOfBenefit).
CREATE TABLE explanation_of_benefit (
    practice_id   text          NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id            uuid          NOT NULL,
    patient_id    uuid          NOT NULL,
    claim_id      uuid,
    coverage_id   uuid,
    status        text          NOT NULL,
    outcome       text          NOT NULL,
    claim_type    text,
    insurer       text,
    service_date  date,
    created_on    date,
    total_submitted numeric(12,2),
    payment_amount  numeric(12,2),
    created_at    timestamptz   NOT NULL,
    updated_at    timestamptz   NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, claim_id) REFERENCES claim (practice_id, id),
    FOREIGN KEY (practice_id, coverage_id) REFERENCES coverage (practice_id, id)
);
CREATE INDEX explanation_of_benefit_by_patient ON explanation_of_benefit (practice_id, patient_id, service_date);
CREATE INDEX explanation_of_benefit_by_claim ON explanation_of_benefit (practice_id, claim_id);
SELECT practicekey_isolate('explanation_of_benefit');
