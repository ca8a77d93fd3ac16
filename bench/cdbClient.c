/*
 * The iSCSI bench's client (bench/iscsi.ts): one libiscsi session to one LUN, one command
 * outstanding, driven by lines on stdin so one process serves a whole scenario. It is C so that its
 * own CPU per command stays far below a target's and the figures measure the target (the project's
 * Node initiator topped out near 6k commands/s against both targets).
 *
 *   cdb-client URL
 *   stdin:  cdbs K            then K lines "<CDB hex> <data-in length>": the commands to cycle through
 *           run N FIRST       runs N commands, the i-th being cdbs[(FIRST + i) % K]
 *           quit
 *   stdout: "ready" once logged in and past the session's unit attentions; after each run one JSON
 *           line {"elapsedNs", "cpuUs", "bytes", "latenciesNs": [...]} or {"error": "..."}.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>
#include "clientClock.h"

#define MAX_CDBS 4096

struct command {
  unsigned char cdb[16];
  int cdb_size;
  int data_in;
};

static struct iscsi_context *iscsi;
static int lun;
static struct command commands[MAX_CDBS];
static int command_count;

static void report_error(const char *what, struct scsi_task *task) {
  if (task == NULL || task->status == SCSI_STATUS_ERROR) printf("{\"error\":\"%s: %s\"}\n", what, iscsi_get_error(iscsi));
  else if (task->status == SCSI_STATUS_CHECK_CONDITION) printf("{\"error\":\"%s: sense %02x/%02x/%02x\"}\n", what, task->sense.key, task->sense.ascq >> 8, task->sense.ascq & 0xff);
  else printf("{\"error\":\"%s: status %d\"}\n", what, task->status);
  fflush(stdout);
}

static int parse_hex(const char *hex, unsigned char *out, int max) {
  int n = 0;
  while (hex[0] != '\0' && hex[1] != '\0' && n < max) {
    unsigned int byte;
    if (sscanf(hex, "%2x", &byte) != 1) return -1;
    out[n++] = (unsigned char)byte;
    hex += 2;
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: cdb-client URL\n");
    return 2;
  }
  char initiator[128];
  snprintf(initiator, sizeof initiator, "iqn.2026-12.dev.changer.bench:cdb-client-%d", (int)getpid());
  iscsi = iscsi_create_context(initiator);
  struct iscsi_url *url = iscsi_parse_full_url(iscsi, argv[1]);
  if (url == NULL) {
    report_error("URL", NULL);
    return 0;
  }
  iscsi_set_targetname(iscsi, url->target);
  iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL);
  iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE);
  lun = url->lun;
  if (iscsi_full_connect_sync(iscsi, url->portal, url->lun) != 0) {
    report_error("login", NULL);
    return 0;
  }
  unsigned char tur[6] = { 0 };
  for (int i = 0;; i++) {
    struct scsi_task *task = scsi_create_task(6, tur, SCSI_XFER_NONE, 0);
    if (iscsi_scsi_command_sync(iscsi, lun, task, NULL) == NULL) {
      report_error("TEST UNIT READY", NULL);
      return 0;
    }
    int ready = task->status == SCSI_STATUS_GOOD;
    if (!ready && i == 9) {
      report_error("TEST UNIT READY", task);
      return 0;
    }
    scsi_free_scsi_task(task);
    if (ready) break;
  }
  printf("ready\n");
  fflush(stdout);

  char line[256];
  uint64_t *latencies = NULL;
  size_t latency_room = 0;
  while (fgets(line, sizeof line, stdin) != NULL) {
    int count, first;
    if (sscanf(line, "cdbs %d", &count) == 1) {
      command_count = 0;
      for (int i = 0; i < count && i < MAX_CDBS && fgets(line, sizeof line, stdin) != NULL; i++) {
        char hex[64];
        int data_in;
        if (sscanf(line, "%63s %d", hex, &data_in) != 2) break;
        struct command *c = &commands[command_count];
        c->cdb_size = parse_hex(hex, c->cdb, 16);
        c->data_in = data_in;
        if (c->cdb_size > 0) command_count++;
      }
    } else if (sscanf(line, "run %d %d", &count, &first) == 2) {
      if (command_count == 0 || count <= 0) {
        printf("{\"error\":\"run without cdbs\"}\n");
        fflush(stdout);
        continue;
      }
      if ((size_t)count > latency_room) {
        latency_room = (size_t)count;
        latencies = realloc(latencies, latency_room * sizeof *latencies);
      }
      uint64_t bytes = 0;
      int failed = 0;
      const uint64_t cpu0 = cpu_us();
      const uint64_t start = monotonic_ns();
      for (int i = 0; i < count && !failed; i++) {
        struct command *c = &commands[(first + i) % command_count];
        const uint64_t t = monotonic_ns();
        struct scsi_task *task = scsi_create_task(c->cdb_size, c->cdb, c->data_in > 0 ? SCSI_XFER_READ : SCSI_XFER_NONE, c->data_in);
        if (iscsi_scsi_command_sync(iscsi, lun, task, NULL) == NULL || task->status != SCSI_STATUS_GOOD) {
          char what[48];
          snprintf(what, sizeof what, "CDB %02xh (command %d of the run)", c->cdb[0], i);
          report_error(what, task);
          failed = 1;
        } else {
          bytes += (uint64_t)task->datain.size;
          latencies[i] = monotonic_ns() - t;
        }
        scsi_free_scsi_task(task);
      }
      if (failed) continue;
      const uint64_t elapsed = monotonic_ns() - start;
      printf("{\"elapsedNs\":%" PRIu64 ",\"cpuUs\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"latenciesNs\":[", elapsed, cpu_us() - cpu0, bytes);
      for (int i = 0; i < count; i++) printf(i == 0 ? "%" PRIu64 : ",%" PRIu64, latencies[i]);
      printf("]}\n");
      fflush(stdout);
    } else if (strncmp(line, "quit", 4) == 0) {
      break;
    }
  }
  iscsi_logout_sync(iscsi);
  iscsi_destroy_context(iscsi);
  free(latencies);
  return 0;
}
