#pragma once
// JSON of the monitoring records, the same for the HTTP API and the command line.
#include <nlohmann/json.hpp>

#include "store/monitor_store.hpp"

namespace yandian::app::monitoring {

nlohmann::json asset_json(const store::AssetRecord& a);
// A record's figures; `with_diagnosis` adds the whole diagnosis document.
nlohmann::json record_json(const store::MonitorRecordRow& r, bool with_diagnosis);
nlohmann::json alarm_json(const store::MonitorAlarmRow& a);

}  // namespace yandian::app::monitoring
