#pragma once
// The demo's simulated grinding line for a 6205 deep-groove ball bearing inner ring (bore 25 mm, width 15 mm;
// raceway diameter 31.5 mm as used by the demo): one part per cycle, four characteristics measured on each.
//
// Model per part k (values in mm):
//   raceway  = 31.5 + wear + shift + N(0, 0.0015)     wear grows wear_per_part (4 µm per 1000 parts) until the wheel is
//   dressed bore     = 25.0 + 0.3 * wear + N(0, 0.0012) width    = 15.0 + N(0, 0.002) roundness = |N(0.0006, 0.0002)| +
//   0.1 * wear       one-sided, USL 0.002
// A step shift of +0.004 mm on the raceway starts `shift_after` parts into a run (e.g. a thermal change) and
// lasts until the next dressing; about one part in `outlier_every` has an outlier (±6 sigma) on the bore or the
// raceway; the wheel is dressed every `dress_every` parts, which resets wear and shift.
// GrindingLineModel is pure (values from a seeded generator); DemoLine runs it on a thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ingest/incoming.hpp"

namespace yandian::app {

struct GrindingLineSettings {
    std::int64_t shift_after = 120;    // parts after the start of the run
    std::int64_t dress_every = 300;    // parts between dressings
    std::int64_t outlier_every = 400;  // mean parts between outliers
    double wear_per_part = 0.000004;
    double shift = 0.004;
};

struct DemoPart {
    std::int64_t index = 0;  // 0-based part number of the run
    std::string serial;      // "6205-IR-000123"
    double raceway = 0;
    double bore = 0;
    double width = 0;
    double roundness = 0;
    bool dressed = false;        // the wheel was dressed before this part
    bool shift_started = false;  // the step shift starts with this part
};

class GrindingLineModel {
  public:
    GrindingLineModel(std::uint64_t seed, GrindingLineSettings settings, std::int64_t first_index = 0,
                      bool shift_enabled = true);
    DemoPart next();

  private:
    std::mt19937_64 random_;
    GrindingLineSettings settings_;
    std::int64_t index_;
    std::int64_t since_dressing_ = 0;
    bool shift_enabled_;
    bool shift_on_ = false;
};

// The four characteristics, as created by the demo.
struct DemoCharacteristic {
    const char* code;
    const char* feature;
    double nominal;
    std::optional<double> lsl;
    std::optional<double> usl;
    std::int64_t subgroup_size;
    const char* chart_type;
};
const std::vector<DemoCharacteristic>& demo_characteristics();
// The value of characteristic `code` on a part.
double demo_value(const DemoPart& part, std::string_view code);

// The demo history carries one value its gauge marked invalid (AQDEF K0002 129): the bore diameter 40 parts before
// the end of the history, set to a reading far off (+0.02 mm, a part not seated on the gauge). A fresh demo thus shows
// a marked value kept, greyed out on the chart and left out of limits, rules, alarms and capability. Other
// characteristics' batches are left as they are.
void mark_demo_history(std::string_view code, ingest::IncomingBatch& batch);

// Runs the model on a thread: calls `emit` with each part every `period`, until stop().
class DemoLine {
  public:
    using Emit = std::function<void(const DemoPart&)>;
    DemoLine(GrindingLineModel model, std::chrono::milliseconds period, Emit emit);
    ~DemoLine();
    DemoLine(const DemoLine&) = delete;
    DemoLine& operator=(const DemoLine&) = delete;
    void start();
    void stop();

    struct State;

  private:
    std::unique_ptr<State> state_;
};

}  // namespace yandian::app
