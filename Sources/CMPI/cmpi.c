#include "cmpi.h"
#include <dlfcn.h>
#include <stdio.h>

// Open MPI's MPI_Status: three public ints, then two private fields.
typedef struct { int source, tag, error, cancelled; size_t ucount; } status_t;

static void *world, *byte_type;
static int (*init_thread)(int *, char ***, int, int *);
static int (*comm_rank)(void *, int *);
static int (*comm_size)(void *, int *);
static int (*send)(const void *, int, void *, int, int, void *);
static int (*iprobe)(int, int, void *, int *, status_t *);
static int (*probe)(int, int, void *, status_t *);
static int (*get_count)(const status_t *, void *, int *);
static int (*recv)(void *, int, void *, int, int, void *, status_t *);
static int (*finalize)(void);

#define FIND(var, name) if (!(*(void **)&var = dlsym(lib, name))) { snprintf(message, 300, "libmpi.so.40 has no %s", name); return 1; }

int cmpi_start(char message[300]) {
    // RTLD_GLOBAL: Open MPI's plug-ins, loaded later, resolve libmpi's symbols through it.
    void *lib = dlopen("libmpi.so.40", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) { snprintf(message, 300, "cannot load Open MPI (libmpi.so.40: %s); install openmpi-bin", dlerror()); return 1; }
    FIND(init_thread, "MPI_Init_thread") FIND(comm_rank, "MPI_Comm_rank") FIND(comm_size, "MPI_Comm_size")
    FIND(send, "MPI_Send") FIND(iprobe, "MPI_Iprobe") FIND(probe, "MPI_Probe") FIND(get_count, "MPI_Get_count")
    FIND(recv, "MPI_Recv") FIND(finalize, "MPI_Finalize")
    FIND(world, "ompi_mpi_comm_world") FIND(byte_type, "ompi_mpi_byte")
    int provided = 0;
    const int funneled = 1;   // MPI_THREAD_FUNNELED
    if (init_thread(NULL, NULL, funneled, &provided) != 0) { snprintf(message, 300, "MPI_Init_thread failed"); return 1; }
    if (provided < funneled) { snprintf(message, 300, "Open MPI gives thread level %d, below MPI_THREAD_FUNNELED", provided); return 1; }
    return 0;
}

int cmpi_rank(void) { int r = 0; comm_rank(world, &r); return r; }
int cmpi_size(void) { int n = 1; comm_size(world, &n); return n; }

int cmpi_send(const void *bytes, int size, int rank, int tag) { return send(bytes, size, byte_type, rank, tag, world); }

int cmpi_poll(int *waiting, int *source, int *tag, int *size) {
    status_t s;
    int rc = iprobe(-1, -1, world, waiting, &s);   // MPI_ANY_SOURCE, MPI_ANY_TAG
    if (rc == 0 && *waiting) { *source = s.source; *tag = s.tag; rc = get_count(&s, byte_type, size); }
    return rc;
}

int cmpi_wait(int source, int *from, int *tag, int *size) {
    status_t s;
    int rc = probe(source, -1, world, &s);
    if (rc == 0) { *from = s.source; *tag = s.tag; rc = get_count(&s, byte_type, size); }
    return rc;
}

int cmpi_receive(void *bytes, int size, int source, int tag) {
    status_t s;
    return recv(bytes, size, byte_type, source, tag, world, &s);
}

void cmpi_finish(void) { if (finalize) finalize(); }
