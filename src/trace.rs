//! `HELPBOOK_TRACE=1`: how long each stage of a pipeline run took, on
//! stderr, in wall-clock and CPU time (CPU time says what a stage costs
//! even on a busy machine; wall time what a writer waits), and the memory
//! the process holds after it.

use std::sync::Mutex;
use std::time::Instant;

struct Mark {
    wall: Instant,
    cpu: f64,
}

static LAST: Mutex<Option<Mark>> = Mutex::new(None);

/// CPU time of the process so far, in seconds (user and system, every thread).
fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return seconds(usage.ru_utime) + seconds(usage.ru_stime);
        }
    }
    0.0
}

/// The process's resident memory now, in MB (Linux; 0 elsewhere).
fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1e6)
}

/// Whether tracing is on.
pub fn enabled() -> bool {
    std::env::var_os("HELPBOOK_TRACE").is_some()
}

/// Ends a stage named `step` (the time since the previous call).
pub fn step(step: &str) {
    if !enabled() {
        return;
    }
    let now = Mark {
        wall: Instant::now(),
        cpu: cpu_seconds(),
    };
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(previous) = last.as_ref() {
        crate::tell!(
            "  {step:<28} {:>8.1} ms wall {:>8.1} ms cpu {:>7.0} MB resident",
            (now.wall - previous.wall).as_secs_f64() * 1000.0,
            (now.cpu - previous.cpu) * 1000.0,
            resident_mb()
        );
    }
    *last = Some(now);
}
