/*
 * The floor beside the bench's iSCSI and tape figures: the least work any iSCSI target can do for
 * the bench's commands on this machine. It logs a session in, then answers every SCSI command GOOD
 * with nothing behind it — no element state, no tape, no sense, no task list — one thread per
 * connection, blocking sockets: per command one read of the request and one send of the answer.
 * A READ(6) is answered with its whole transfer in one Data-In PDU that carries the status, its
 * bytes taken from a file by sendfile(2) (the kernel copies each byte once, page cache to socket:
 * one copy fewer than reading into memory first, as tgt and ours do). A target built the usual way
 * (kernel sockets, sleeping when idle, no busy polling) that keeps state does at least this much
 * per command, so the bench prints ours/tgt beside floor/tgt: what this machine allows such a
 * target to gain on tgt.
 *
 *   floor-target DATA-FILE
 *   stdout: "listening PORT" once it accepts connections on 127.0.0.1:PORT.
 *
 * Not a target for anything but the bench's clients: it accepts any login (no authentication),
 * negotiates by echoing what the initiator offers, and takes writes only as immediate data.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#define BHS 48
#define MAX_SEGMENT (1u << 20)
#define ANSWER_BYTES 4096

static int data_fd;
static off_t data_size;

struct connection {
  int fd;
  unsigned char *in;  /* received bytes not yet taken */
  size_t have;
  uint32_t stat_sn;
  uint32_t exp_cmd_sn;
  off_t data_offset;  /* where the next READ's bytes come from in the data file */
};

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static void put24(unsigned char *p, uint32_t v) { p[0] = v >> 16; p[1] = v >> 8; p[2] = v; }
static size_t padded(size_t n) { return (n + 3) & ~(size_t)3; }

static int send_all(int fd, const void *bytes, size_t length, int more) {
  const unsigned char *p = bytes;
  while (length > 0) {
    ssize_t sent = send(fd, p, length, more ? MSG_MORE : 0);
    if (sent <= 0) return -1;
    p += sent;
    length -= (size_t)sent;
  }
  return 0;
}

/* Reads until a whole PDU (header and padded data segment) is buffered; returns its length or -1. */
static ssize_t next_pdu(struct connection *c) {
  for (;;) {
    if (c->have >= BHS) {
      size_t total = BHS + (size_t)c->in[4] * 4 + padded(be32(c->in + 4) & 0xffffff);
      if (total > MAX_SEGMENT + BHS + 1024) return -1;
      if (c->have >= total) return (ssize_t)total;
    }
    ssize_t got = recv(c->fd, c->in + c->have, MAX_SEGMENT + BHS + 1024 - c->have, 0);
    if (got <= 0) return -1;
    c->have += (size_t)got;
  }
}

static void sequence(struct connection *c, unsigned char *header, int status) {
  if (status) put32(header + 24, c->stat_sn++);
  put32(header + 28, c->exp_cmd_sn);
  put32(header + 32, c->exp_cmd_sn + 64);
}

/* One "key=value" answer per key offered: what the initiator offered, except what a floor refuses. */
static size_t login_answer(const unsigned char *offer, size_t length, char *answer, int first) {
  size_t out = 0;
  if (first) out += (size_t)sprintf(answer + out, "TargetPortalGroupTag=1") + 1;
  size_t at = 0;
  while (at < length) {
    const char *pair = (const char *)offer + at;
    size_t pair_length = strnlen(pair, length - at);
    at += pair_length + 1;
    const char *equals = memchr(pair, '=', pair_length);
    if (equals == NULL) continue;
    int key_length = (int)(equals - pair);
    const char *value = equals + 1;
    int value_length = (int)(pair_length - (size_t)key_length - 1);
#define KEY(k) (key_length == (int)strlen(k) && memcmp(pair, k, (size_t)key_length) == 0)
    if (KEY("InitiatorName") || KEY("InitiatorAlias") || KEY("TargetName") || KEY("SessionType")) continue;
    if (KEY("AuthMethod")) value = "None", value_length = 4;
    else if (KEY("HeaderDigest") || KEY("DataDigest")) value = "None", value_length = 4;
    else if (KEY("MaxRecvDataSegmentLength")) value = "262144", value_length = 6;
    else if (KEY("IFMarker") || KEY("OFMarker")) value = "No", value_length = 2;
#undef KEY
    /* Keys that do not fit go unanswered (the initiator keeps its defaults): never past the buffer. */
    if (out + (size_t)key_length + (size_t)value_length + 2 > ANSWER_BYTES) break;
    out += (size_t)sprintf(answer + out, "%.*s=%.*s", key_length, pair, value_length, value) + 1;
  }
  return out;
}

static int login(struct connection *c, const unsigned char *request, int *first) {
  unsigned char header[BHS] = { 0 };
  char answer[ANSWER_BYTES];
  size_t segment = be32(request + 4) & 0xffffff;
  size_t length = login_answer(request + BHS, segment, answer, *first);
  *first = 0;
  int transit = request[1] & 0x80;
  int current = (request[1] >> 2) & 3, next = request[1] & 3;
  header[0] = 0x23;
  header[1] = (unsigned char)(transit | current << 2 | (transit ? next : 0));
  put24(header + 5, (uint32_t)length);
  memcpy(header + 8, request + 8, 6);                    /* ISID */
  if (transit && next == 3) header[14] = 0, header[15] = 1; /* TSIH */
  memcpy(header + 16, request + 16, 4);                  /* ITT */
  c->exp_cmd_sn = be32(request + 24);
  c->stat_sn = be32(request + 28);
  sequence(c, header, 1);
  static const unsigned char pad[4];
  return send_all(c->fd, header, BHS, 1) == 0 && send_all(c->fd, answer, length, 1) == 0
    && send_all(c->fd, pad, padded(length) - length, 0) == 0 ? 0 : -1;
}

static int scsi_command(struct connection *c, const unsigned char *request) {
  unsigned char header[BHS] = { 0 };
  if ((request[0] & 0x40) == 0) c->exp_cmd_sn = be32(request + 24) + 1;
  uint32_t length = be32(request + 20);
  const unsigned char *cdb = request + 32;
  memcpy(header + 16, request + 16, 4); /* ITT */
  if ((request[1] & 0x40) != 0 && length > 0) {
    /* Data-In, final, with status: the whole transfer in one PDU (MaxRecvDataSegmentLength permitting). */
    header[0] = 0x25;
    header[1] = 0x81;
    put24(header + 5, length);
    put32(header + 20, 0xffffffff);
    sequence(c, header, 1);
    if (send_all(c->fd, header, BHS, 1) != 0) return -1;
    if (cdb[0] != 0x08) {
      static unsigned char zeros[65536];
      for (uint32_t left = length; left > 0;) {
        uint32_t part = left < sizeof zeros ? left : sizeof zeros;
        if (send_all(c->fd, zeros, part, left > part) != 0) return -1;
        left -= part;
      }
      return 0;
    }
    if (c->data_offset + (off_t)length > data_size) c->data_offset = 0;
    for (size_t left = length; left > 0;) {
      ssize_t sent = sendfile(c->fd, data_fd, &c->data_offset, left);
      if (sent <= 0) return -1;
      left -= (size_t)sent;
    }
    return 0;
  }
  header[0] = 0x21;
  header[1] = 0x80;
  put32(header + 20, 0xffffffff);
  sequence(c, header, 1);
  return send_all(c->fd, header, BHS, 0);
}

static void serve(int fd) {
  struct connection c = { .fd = fd };
  c.in = malloc(MAX_SEGMENT + BHS + 1024);
  int one = 1, first = 1;
  setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  for (;;) {
    ssize_t pdu = next_pdu(&c);
    if (pdu < 0) break;
    unsigned char *request = c.in;
    unsigned char header[BHS] = { 0 };
    int failed = 0;
    switch (request[0] & 0x3f) {
      case 0x03: failed = login(&c, request, &first); break;
      case 0x01: failed = scsi_command(&c, request); break;
      case 0x00: /* NOP-Out: answered unless it is itself an answer */
        if (be32(request + 16) == 0xffffffff) break;
        header[0] = 0x20, header[1] = 0x80;
        memcpy(header + 16, request + 16, 4);
        put32(header + 20, 0xffffffff);
        sequence(&c, header, 1);
        failed = send_all(c.fd, header, BHS, 0);
        break;
      case 0x06: /* Logout */
        header[0] = 0x26, header[1] = 0x80;
        memcpy(header + 16, request + 16, 4);
        sequence(&c, header, 1);
        send_all(c.fd, header, BHS, 0);
        failed = -1;
        break;
      case 0x05: /* Data-Out: never asked for (writes fit in immediate data), nothing to answer */
        break;
      default: /* task management, text: done, nothing to say */
        header[0] = (unsigned char)((request[0] & 0x3f) | 0x20), header[1] = 0x80;
        memcpy(header + 16, request + 16, 4);
        put32(header + 20, 0xffffffff);
        sequence(&c, header, 1);
        failed = send_all(c.fd, header, BHS, 0);
    }
    memmove(c.in, c.in + pdu, c.have - (size_t)pdu);
    c.have -= (size_t)pdu;
    if (failed) break;
  }
  close(c.fd);
  free(c.in);
}

/*
 * Threads wait for the next connection instead of exiting, so the CPU time the bench reads from
 * /proc (the live threads' schedstat) covers every session served.
 */
static pthread_mutex_t waiting_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static int waiting_fd = -1, idle_threads;

static void *server_thread(void *unused) {
  (void)unused;
  for (;;) {
    pthread_mutex_lock(&waiting_lock);
    idle_threads++;
    while (waiting_fd < 0) pthread_cond_wait(&arrived, &waiting_lock);
    int fd = waiting_fd;
    waiting_fd = -1;
    idle_threads--;
    pthread_cond_broadcast(&arrived);
    pthread_mutex_unlock(&waiting_lock);
    serve(fd);
  }
  return NULL;
}

static void hand_over(int fd) {
  pthread_mutex_lock(&waiting_lock);
  while (waiting_fd >= 0) pthread_cond_wait(&arrived, &waiting_lock);
  if (idle_threads == 0) {
    pthread_t thread;
    pthread_create(&thread, NULL, server_thread, NULL);
    pthread_detach(thread);
  }
  waiting_fd = fd;
  pthread_cond_broadcast(&arrived);
  pthread_mutex_unlock(&waiting_lock);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: floor-target DATA-FILE\n");
    return 2;
  }
  data_fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (data_fd < 0 || fstat(data_fd, &st) != 0 || st.st_size < (1 << 20)) {
    fprintf(stderr, "floor-target: %s must be a file of at least 1 MiB\n", argv[1]);
    return 2;
  }
  data_size = st.st_size;
  int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in address = { .sin_family = AF_INET };
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 64) != 0
      || getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
    perror("floor-target");
    return 1;
  }
  printf("listening %u\n", ntohs(address.sin_port));
  fflush(stdout);
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd >= 0) hand_over(fd);
  }
}
