#include "app/demo_line.hpp"

#include <fmt/format.h>

#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace yandian::app {

GrindingLineModel::GrindingLineModel(std::uint64_t seed, GrindingLineSettings settings, std::int64_t first_index,
                                     bool shift_enabled)
    : random_(seed), settings_(settings), index_(first_index), shift_enabled_(shift_enabled) {}

DemoPart GrindingLineModel::next() {
    std::normal_distribution<double> unit(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    DemoPart p;
    p.index = index_;
    p.serial = fmt::format("6205-IR-{:06d}", index_);
    if (since_dressing_ >= settings_.dress_every) {
        since_dressing_ = 0;
        shift_on_ = false;
        p.dressed = true;
    }
    if (shift_enabled_ && !shift_on_ && index_ == settings_.shift_after) {
        shift_on_ = true;
        p.shift_started = true;
    }
    const double wear = settings_.wear_per_part * static_cast<double>(since_dressing_);
    const double shift = shift_on_ ? settings_.shift : 0.0;
    p.raceway = 31.5 + wear + shift + 0.0015 * unit(random_);
    p.bore = 25.0 + 0.3 * wear + 0.0012 * unit(random_);
    p.width = 15.0 + 0.002 * unit(random_);
    p.roundness = std::fabs(0.0006 + 0.0002 * unit(random_)) + 0.1 * wear;
    if (uniform(random_) < 1.0 / static_cast<double>(settings_.outlier_every)) {
        const double sign = uniform(random_) < 0.5 ? -1.0 : 1.0;
        if (uniform(random_) < 0.5) {
            p.bore += sign * 6 * 0.0012;
        } else {
            p.raceway += sign * 6 * 0.0015;
        }
    }
    ++since_dressing_;
    ++index_;
    return p;
}

const std::vector<DemoCharacteristic>& demo_characteristics() {
    static const std::vector<DemoCharacteristic> kList = {
        {"raceway-d", "raceway diameter", 31.5, 31.490, 31.510, 5, "xbar-r"},
        {"bore-d", "bore diameter", 25.0, 24.990, 25.010, 1, "imr"},
        {"width", "ring width", 15.0, 14.990, 15.010, 1, "imr"},
        {"roundness", "raceway roundness", 0.0, std::nullopt, 0.002, 1, "imr"},
    };
    return kList;
}

double demo_value(const DemoPart& part, std::string_view code) {
    if (code == "raceway-d") return part.raceway;
    if (code == "bore-d") return part.bore;
    if (code == "width") return part.width;
    return part.roundness;
}

void mark_demo_history(std::string_view code, ingest::IncomingBatch& batch) {
    constexpr std::size_t kFromEnd = 40;
    if (code != "bore-d" || batch.values.size() <= kFromEnd) return;
    ingest::IncomingValue& v = batch.values[batch.values.size() - kFromEnd];
    v.value += 0.02;
    v.attributes = 129;  // K0002: invalid
}

struct DemoLine::State {
    State(GrindingLineModel m, std::chrono::milliseconds p, Emit e)
        : model(std::move(m)), period(p), emit(std::move(e)) {}
    GrindingLineModel model;
    std::chrono::milliseconds period;
    Emit emit;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::thread thread;
};

DemoLine::DemoLine(GrindingLineModel model, std::chrono::milliseconds period, Emit emit)
    : state_(std::make_unique<State>(std::move(model), period, std::move(emit))) {}

DemoLine::~DemoLine() { stop(); }

void DemoLine::start() {
    State* s = state_.get();
    s->thread = std::thread([s] {
        std::unique_lock lock(s->mutex);
        while (!s->stopping) {
            lock.unlock();
            s->emit(s->model.next());
            lock.lock();
            s->wake.wait_for(lock, s->period, [s] { return s->stopping; });
        }
    });
}

void DemoLine::stop() {
    if (!state_) return;
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->wake.notify_all();
    if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace yandian::app
