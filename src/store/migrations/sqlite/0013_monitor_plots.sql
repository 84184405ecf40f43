-- 0013 plots of a vibration record: waveform (min/max per time bucket), spectrum, the envelope spectrum of each
-- analysis with the defect-line markers, and the kurtogram (monitor/plots.hpp), as JSON text. Kept apart from
-- monitor_records so that listing an asset's trend does not read them; written with the record, never changed.

CREATE TABLE monitor_record_plots (
    record_id INTEGER PRIMARY KEY REFERENCES monitor_records (id),
    plots TEXT NOT NULL
);
