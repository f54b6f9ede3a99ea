/* cors-sim recorder: a virtual clock for the browsers, as an LD_PRELOAD shim.
 *
 * Built by record.py at run time with the system C compiler (never committed as a binary):
 *     cc -O2 -shared -fPIC -o vclock.so vclock.c -ldl
 * and given only to the browser processes (LD_PRELOAD in their environment), never to the
 * recorder or its servers.
 *
 * clock_gettime (CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME and the
 * _COARSE variants), gettimeofday and time answer the real clock plus an offset, or a frozen
 * value, read from a shared page that the recorder writes: the file named by
 * $CORS_SIM_VCLOCK_FILE (in /dev/shm). The page is mapped in a constructor, before any
 * engine sandbox starts, and inherited by forked children. Page layout: 64-bit words, see
 * `struct page` (vclock.py writes the same layout). The recorder updates it under a sequence
 * counter (odd while writing), so a reader never sees half an update.
 *
 * Why not libfaketime: it deadlocks Firefox ESR 153 at start-up (its allocator reads the
 * clock while libfaketime initializes) and reads a new offset only about once a second.
 * This shim calls nothing that allocates: the real clock is the vDSO's clock_gettime found
 * with dlsym(RTLD_NEXT) once, with the raw system call as the fallback while that lookup runs.
 *
 * Waits with an absolute deadline on a virtual clock (pthread_cond_timedwait and clockwait,
 * clock_nanosleep TIMER_ABSTIME, sem_timedwait, pthread_mutex_timedlock) get the deadline
 * moved back onto the kernel's clock, deadline - (virtual now - real now): without that a
 * thread that sleeps "until now + 10 ms" after `wait 3h` would sleep three real hours (Gecko's
 * TimerThread, Chromium's ConditionVariable::TimedWait and Python's time.sleep all do this).
 * While the clock is frozen such a wait ends after its real duration, sees the same time, and
 * waits again: timers do not fire until the clock moves.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define VCLOCK_MAGIC 0x6b636f6c63764353ULL /* "SCvclock" little-endian */
enum { K_REALTIME, K_MONOTONIC, K_MONOTONIC_RAW, K_BOOTTIME, K_COUNT };

struct page {
    volatile uint64_t magic;
    volatile uint64_t seq;                 /* odd while the recorder writes */
    volatile int64_t frozen;               /* 1: answer frozen_ns, 0: real + offset_ns */
    volatile int64_t offset_ns[K_COUNT];
    volatile int64_t frozen_ns[K_COUNT];
};

static struct page *shared;
typedef int (*clock_fn)(clockid_t, struct timespec *);
static clock_fn real_clock;
static volatile int resolving;

static int raw_clock(clockid_t id, struct timespec *ts) {
    if (real_clock)
        return real_clock(id, ts);
    return (int)syscall(SYS_clock_gettime, id, ts);
}

__attribute__((constructor)) static void vclock_init(void) {
    if (!real_clock && !resolving) {
        resolving = 1;
        real_clock = (clock_fn)dlsym(RTLD_NEXT, "clock_gettime");
        resolving = 0;
    }
    if (shared)
        return;
    const char *name = NULL;
    extern char **environ;
    for (char **e = environ; e && *e; e++) {
        const char *k = "CORS_SIM_VCLOCK_FILE=";
        const char *p = *e;
        while (*k && *p == *k) { p++; k++; }
        if (!*k) { name = p; break; }
    }
    if (!name)
        return;
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    void *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return;
    if (((struct page *)m)->magic != VCLOCK_MAGIC) {
        munmap(m, 4096);
        return;
    }
    shared = (struct page *)m;
}

static int kind_of(clockid_t id) {
    switch (id) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: return K_REALTIME;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_COARSE: return K_MONOTONIC;
    case CLOCK_MONOTONIC_RAW: return K_MONOTONIC_RAW;
    case CLOCK_BOOTTIME: return K_BOOTTIME;
    default: return -1;
    }
}

static int virtual_clock(clockid_t id, struct timespec *ts) {
    int rc = raw_clock(id, ts);
    int k = kind_of(id);
    if (rc != 0 || k < 0 || !shared)
        return rc;
    int64_t frozen, offset, value;
    uint64_t s1, s2;
    for (int tries = 0; tries < 1000000; tries++) {
        s1 = shared->seq;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        frozen = shared->frozen;
        offset = shared->offset_ns[k];
        value = shared->frozen_ns[k];
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        s2 = shared->seq;
        if (s1 == s2 && !(s1 & 1))
            break;
    }
    int64_t ns = frozen ? value : (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec + offset;
    if (ns < 0)
        ns = 0;
    ts->tv_sec = (time_t)(ns / 1000000000LL);
    ts->tv_nsec = (long)(ns % 1000000000LL);
    return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    if (!real_clock && !resolving)
        vclock_init();
    return virtual_clock(id, ts);
}

int __clock_gettime(clockid_t id, struct timespec *ts) { return clock_gettime(id, ts); }

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    struct timespec ts;
    (void)tz;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return -1;
    if (tv) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return 0;
}

time_t time(time_t *out) {
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return (time_t)-1;
    if (out)
        *out = ts.tv_sec;
    return ts.tv_sec;
}

/* ---- absolute deadlines: virtual -> real */

static void to_real(clockid_t id, const struct timespec *virt, struct timespec *out) {
    struct timespec r, v;
    *out = *virt;
    if (kind_of(id) < 0 || !shared || raw_clock(id, &r) != 0 || virtual_clock(id, &v) != 0)
        return;
    int64_t delta = ((int64_t)v.tv_sec - r.tv_sec) * 1000000000LL + (v.tv_nsec - r.tv_nsec);
    int64_t ns = (int64_t)virt->tv_sec * 1000000000LL + virt->tv_nsec - delta;
    if (ns < 0)
        ns = 0;
    out->tv_sec = (time_t)(ns / 1000000000LL);
    out->tv_nsec = (long)(ns % 1000000000LL);
}

#define NEXT(type, name) \
    static type real_##name; \
    if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name); \
    if (!real_##name) return ENOSYS;

/* glibc 2.36 (Debian 12): bit 1 of __wrefs is the condition variable's clock (set by
 * pthread_condattr_setclock(CLOCK_MONOTONIC)), as in nptl's __PTHREAD_COND_CLOCK_MONOTONIC_MASK. */
static clockid_t cond_clock(pthread_cond_t *c) {
    return (__atomic_load_n(&c->__data.__wrefs, __ATOMIC_RELAXED) & 2) ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

typedef int (*cond_timedwait_fn)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abs) {
    NEXT(cond_timedwait_fn, pthread_cond_timedwait)
    struct timespec t;
    if (!abs)
        return real_pthread_cond_timedwait(c, m, abs);
    to_real(cond_clock(c), abs, &t);
    return real_pthread_cond_timedwait(c, m, &t);
}

typedef int (*cond_clockwait_fn)(pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *);
int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t id, const struct timespec *abs) {
    NEXT(cond_clockwait_fn, pthread_cond_clockwait)
    struct timespec t;
    if (!abs)
        return real_pthread_cond_clockwait(c, m, id, abs);
    to_real(id, abs, &t);
    return real_pthread_cond_clockwait(c, m, id, &t);
}

typedef int (*nanosleep_fn)(clockid_t, int, const struct timespec *, struct timespec *);
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem) {
    NEXT(nanosleep_fn, clock_nanosleep)
    struct timespec t;
    if (!(flags & TIMER_ABSTIME) || !req)
        return real_clock_nanosleep(id, flags, req, rem);
    to_real(id, req, &t);
    return real_clock_nanosleep(id, flags, &t, rem);
}

typedef int (*sem_timedwait_fn)(sem_t *, const struct timespec *);
int sem_timedwait(sem_t *s, const struct timespec *abs) {
    static sem_timedwait_fn real_sem_timedwait;
    if (!real_sem_timedwait) real_sem_timedwait = (sem_timedwait_fn)dlsym(RTLD_NEXT, "sem_timedwait");
    if (!real_sem_timedwait) { errno = ENOSYS; return -1; }
    struct timespec t;
    if (!abs)
        return real_sem_timedwait(s, abs);
    to_real(CLOCK_REALTIME, abs, &t);
    return real_sem_timedwait(s, &t);
}

typedef int (*sem_clockwait_fn)(sem_t *, clockid_t, const struct timespec *);
int sem_clockwait(sem_t *s, clockid_t id, const struct timespec *abs) {
    static sem_clockwait_fn real_sem_clockwait;
    if (!real_sem_clockwait) real_sem_clockwait = (sem_clockwait_fn)dlsym(RTLD_NEXT, "sem_clockwait");
    if (!real_sem_clockwait) { errno = ENOSYS; return -1; }
    struct timespec t;
    if (!abs)
        return real_sem_clockwait(s, id, abs);
    to_real(id, abs, &t);
    return real_sem_clockwait(s, id, &t);
}

typedef int (*mutex_timedlock_fn)(pthread_mutex_t *, const struct timespec *);
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs) {
    NEXT(mutex_timedlock_fn, pthread_mutex_timedlock)
    struct timespec t;
    if (!abs)
        return real_pthread_mutex_timedlock(m, abs);
    to_real(CLOCK_REALTIME, abs, &t);
    return real_pthread_mutex_timedlock(m, &t);
}

typedef int (*mutex_clocklock_fn)(pthread_mutex_t *, clockid_t, const struct timespec *);
int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t id, const struct timespec *abs) {
    NEXT(mutex_clocklock_fn, pthread_mutex_clocklock)
    struct timespec t;
    if (!abs)
        return real_pthread_mutex_clocklock(m, id, abs);
    to_real(id, abs, &t);
    return real_pthread_mutex_clocklock(m, id, &t);
}
