// The calling thread's nice value. Linux keeps one per thread (setpriority(PRIO_PROCESS) on the
// thread's id), so one thread of a process can yield the CPU to the others.
#pragma once

#include "kiosk/core/result.hpp"

namespace kiosk::mgmt {

// Sets the calling thread's nice value (-20..19; higher yields more). Raising it needs no privilege;
// lowering it below the process's needs CAP_SYS_NICE. Errors: the kernel's refusal, with its reason.
Status set_this_thread_nice(int nice);

// The calling thread's nice value, for tests.
[[nodiscard]] Result<int> this_thread_nice();

}  // namespace kiosk::mgmt
