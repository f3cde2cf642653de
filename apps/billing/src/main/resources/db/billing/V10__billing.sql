-- billing-app. Every table: practice_id first (filled from the transaction's practice), primary
-- key and indexes leading with it, references within the same practice, row-level security.

CREATE TABLE patient (
    practice_id text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id          uuid        NOT NULL,
    family_name text        NOT NULL,
    given_name  text        NOT NULL,
    birth_date  date        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id)
);
CREATE INDEX patient_by_name ON patient (practice_id, lower(family_name), lower(given_name));
CREATE INDEX patient_by_birth_date ON patient (practice_id, birth_date);
SELECT practicekey_isolate('patient');

CREATE TABLE coverage (
    practice_id text        NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id          uuid        NOT NULL,
    patient_id  uuid        NOT NULL,
    payer_name  text        NOT NULL,
    plan_name   text        NOT NULL,
    member_id   text        NOT NULL,
    start_date  date        NOT NULL,
    end_date    date,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);
CREATE INDEX coverage_by_patient ON coverage (practice_id, patient_id, start_date);
SELECT practicekey_isolate('coverage');

CREATE TABLE claim (
    practice_id  text          NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id           uuid          NOT NULL,
    patient_id   uuid          NOT NULL,
    coverage_id  uuid,
    service_date date          NOT NULL,
    status       text          NOT NULL CHECK (status IN ('draft', 'submitted', 'paid', 'denied')),
    total_charge numeric(12,2) NOT NULL,
    paid_amount  numeric(12,2),
    submitted_at timestamptz,
    decided_at   timestamptz,
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, coverage_id) REFERENCES coverage (practice_id, id)
);
CREATE INDEX claim_by_patient_date ON claim (practice_id, patient_id, service_date);
CREATE INDEX claim_by_date ON claim (practice_id, service_date);
SELECT practicekey_isolate('claim');

CREATE TABLE claim_line (
    practice_id    text          NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id             uuid          NOT NULL,
    claim_id       uuid          NOT NULL,
    line_no        integer       NOT NULL,
    procedure_code text          NOT NULL,
    diagnosis_code text          NOT NULL,
    units          integer       NOT NULL,
    charge         numeric(12,2) NOT NULL,
    PRIMARY KEY (practice_id, id),
    UNIQUE (practice_id, claim_id, line_no),
    FOREIGN KEY (practice_id, claim_id) REFERENCES claim (practice_id, id)
);
SELECT practicekey_isolate('claim_line');

CREATE TABLE payment (
    practice_id text          NOT NULL DEFAULT current_setting('practicekey.practice', true),
    id          uuid          NOT NULL,
    patient_id  uuid          NOT NULL,
    claim_id    uuid,
    source      text          NOT NULL CHECK (source IN ('payer', 'patient')),
    amount      numeric(12,2) NOT NULL CHECK (amount > 0),
    received_on date          NOT NULL,
    reference   text          NOT NULL,
    created_at  timestamptz   NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, claim_id) REFERENCES claim (practice_id, id)
);
CREATE INDEX payment_by_patient_date ON payment (practice_id, patient_id, received_on);
SELECT practicekey_isolate('payment');
