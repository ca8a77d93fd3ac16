/* Time and CPU readings shared by the bench's C clients (tapeClient.c, cdbClient.c). */
#ifndef CHANGER_BENCH_CLIENT_CLOCK_H
#define CHANGER_BENCH_CLIENT_CLOCK_H
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

/* CLOCK_MONOTONIC is one clock for every process of the machine: a parent can take the span of several clients. */
static inline uint64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* This process's own CPU time, user and system: shown beside the target's so a saturated client shows. */
static inline uint64_t cpu_us(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000u + (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}
#endif
