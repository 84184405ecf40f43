#pragma once
// JSON form of a diagnosis (the `yandian monitor diagnose --format json` answer, less the record's file fields).
#include <nlohmann/json_fwd.hpp>

#include "monitor/diagnosis.hpp"

namespace yandian::monitor {

nlohmann::json diagnosis_json(const Diagnosis& d, Unit unit);

}  // namespace yandian::monitor
