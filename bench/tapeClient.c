/*
 * The tape bench's client (bench/tape.ts): one iSCSI session to one tape drive LUN through libiscsi,
 * one command outstanding at a time as st and a backup application drive a tape. It is C so that
 * its own CPU per command stays far below a target's: the figures then measure the target, not the
 * client (the project's Node initiator used more than a core on reads).
 *
 *   tape-client URL write|read BLOCK_LENGTH FIXED(0|1) BYTES
 *
 * It logs in, waits for the drive to be ready (unit attentions of a new session), rewinds and sets
 * the block length (MODE SELECT, 0 for variable), prints "ready", and waits for a line on stdin so
 * that several clients start together. It then writes BYTES in blocks and one filemark, or reads
 * BYTES in blocks, and prints one JSON line: start and end on CLOCK_MONOTONIC (shared by all the
 * processes on the machine, so a parent can take the span of several clients) and its own CPU time
 * over the loop; or {"error": "..."} with the sense the drive answered.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>
#include "clientClock.h"

static struct iscsi_context *iscsi;
static int lun;

static void fail(const char *what, struct scsi_task *task) {
  if (task == NULL) {
    printf("{\"error\":\"%s: %s\"}\n", what, iscsi_get_error(iscsi));
  } else if (task->status == SCSI_STATUS_CHECK_CONDITION) {
    printf("{\"error\":\"%s: sense %02x/%02x/%02x\"}\n", what, task->sense.key, task->sense.ascq >> 8, task->sense.ascq & 0xff);
  } else {
    printf("{\"error\":\"%s: status %d\"}\n", what, task->status);
  }
  fflush(stdout);
  exit(0);
}

/* Runs one command; returns the task (status GOOD) or ends the process with the error. */
static struct scsi_task *command(const char *what, unsigned char *cdb, int cdb_size, int dir, unsigned char *data, int length) {
  struct scsi_task *task = scsi_create_task(cdb_size, cdb, dir, length);
  if (task == NULL) fail(what, NULL);
  struct iscsi_data out = { .size = (size_t)length, .data = data };
  if (iscsi_scsi_command_sync(iscsi, lun, task, dir == SCSI_XFER_WRITE ? &out : NULL) == NULL) fail(what, NULL);
  if (task->status != SCSI_STATUS_GOOD) fail(what, task);
  return task;
}

static void simple(const char *what, unsigned char *cdb, int cdb_size) {
  scsi_free_scsi_task(command(what, cdb, cdb_size, SCSI_XFER_NONE, NULL, 0));
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: tape-client URL write|read BLOCK_LENGTH FIXED BYTES\n");
    return 2;
  }
  const int writing = strcmp(argv[2], "write") == 0;
  const uint32_t block_length = (uint32_t)strtoul(argv[3], NULL, 10);
  const int fixed = atoi(argv[4]);
  const uint64_t bytes = strtoull(argv[5], NULL, 10);

  char initiator[128];
  snprintf(initiator, sizeof initiator, "iqn.2026-12.dev.changer.bench:tape-client-%d", (int)getpid());
  iscsi = iscsi_create_context(initiator);
  struct iscsi_url *url = iscsi_parse_full_url(iscsi, argv[1]);
  if (url == NULL) fail("URL", NULL);
  iscsi_set_targetname(iscsi, url->target);
  iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL);
  iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE);
  lun = url->lun;
  if (iscsi_full_connect_sync(iscsi, url->portal, url->lun) != 0) fail("login", NULL);

  /* A new I_T nexus sees unit attentions (power on, medium changed) first. */
  unsigned char tur[6] = { 0 };
  int ready = 0;
  for (int i = 0; i < 50 && !ready; i++) {
    struct scsi_task *task = scsi_create_task(6, tur, SCSI_XFER_NONE, 0);
    if (iscsi_scsi_command_sync(iscsi, lun, task, NULL) == NULL) fail("TEST UNIT READY", NULL);
    ready = task->status == SCSI_STATUS_GOOD;
    if (!ready && i == 49) fail("TEST UNIT READY", task);
    scsi_free_scsi_task(task);
    if (!ready) usleep(20000);
  }
  unsigned char rewind[6] = { 0x01, 0, 0, 0, 0, 0 };
  simple("REWIND", rewind, 6);
  /* MODE SELECT(6), PF, a block descriptor with the block length (0: variable) and buffered mode 1. */
  unsigned char mode[12] = { 0, 0, 0x10, 8, 0, 0, 0, 0, 0, (unsigned char)(fixed ? block_length >> 16 : 0),
                             (unsigned char)(fixed ? block_length >> 8 : 0), (unsigned char)(fixed ? block_length : 0) };
  unsigned char mode_select[6] = { 0x15, 0x10, 0, 0, sizeof mode, 0 };
  struct scsi_task *selected = scsi_create_task(6, mode_select, SCSI_XFER_WRITE, sizeof mode);
  struct iscsi_data mode_data = { .size = sizeof mode, .data = mode };
  if (iscsi_scsi_command_sync(iscsi, lun, selected, &mode_data) == NULL) fail("MODE SELECT", NULL);
  /* Variable mode is every drive's default: only a refused fixed block length stops the run. */
  if (selected->status != SCSI_STATUS_GOOD && fixed) fail("MODE SELECT", selected);
  scsi_free_scsi_task(selected);

  unsigned char *block = malloc(block_length);
  FILE *random = fopen("/dev/urandom", "rb");
  if (block == NULL || random == NULL || fread(block, 1, block_length, random) != block_length) {
    printf("{\"error\":\"no random block\"}\n");
    return 0;
  }
  fclose(random);

  printf("ready\n");
  fflush(stdout);
  char go[16];
  if (fgets(go, sizeof go, stdin) == NULL) return 0;

  const uint32_t count = fixed ? 1 : block_length;
  unsigned char cdb[6] = { writing ? 0x0a : 0x08, (unsigned char)(fixed ? 1 : 0), (unsigned char)(count >> 16), (unsigned char)(count >> 8), (unsigned char)count, 0 };
  const uint64_t cpu0 = cpu_us();
  const uint64_t start = monotonic_ns();
  char what[64];
  for (uint64_t done = 0; done < bytes; done += block_length) {
    snprintf(what, sizeof what, "%s after %" PRIu64 " MiB", writing ? "WRITE" : "READ", done >> 20);
    struct scsi_task *task = writing ? command(what, cdb, 6, SCSI_XFER_WRITE, block, (int)block_length)
                                     : command(what, cdb, 6, SCSI_XFER_READ, NULL, (int)block_length);
    if (!writing && task->datain.size != (int)block_length) {
      printf("{\"error\":\"%s: %d bytes instead of %u\"}\n", what, task->datain.size, block_length);
      return 0;
    }
    scsi_free_scsi_task(task);
  }
  if (writing) {
    unsigned char filemark[6] = { 0x10, 0, 0, 0, 1, 0 };
    simple("WRITE FILEMARKS", filemark, 6);
  }
  const uint64_t end = monotonic_ns();
  printf("{\"startNs\":%" PRIu64 ",\"endNs\":%" PRIu64 ",\"cpuUs\":%" PRIu64 "}\n", start, end, cpu_us() - cpu0);
  fflush(stdout);
  iscsi_logout_sync(iscsi);
  iscsi_destroy_context(iscsi);
  return 0;
}
