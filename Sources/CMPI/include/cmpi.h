#ifndef CMPI_H
#define CMPI_H
#include <stddef.h>

// Open MPI, loaded at run time: the workbench runs without MPI installed, and
// uses it only when mpirun started it. Linking libmpi would make every start
// need it; dlopen keeps it optional. The ABI is Open MPI's (Debian's
// libmpi.so.40): its MPI_Comm and MPI_Datatype are pointers to the library's
// own globals, which is why this is C and names them.

/// Loads libmpi and calls MPI_Init_thread (funneled: only the thread that
/// called it calls MPI). 0 on success; else non-zero and the reason in `message`.
int cmpi_start(char message[300]);
int cmpi_rank(void);
int cmpi_size(void);
/// Blocking send of `size` bytes to `rank` with `tag`; 0 on success.
int cmpi_send(const void *bytes, int size, int rank, int tag);
/// Whether a message from any rank waits; if so its source, tag and size. 0 on success.
int cmpi_poll(int *waiting, int *source, int *tag, int *size);
/// Blocks until a message from `source` (-1: any) arrives; its source, tag and size. 0 on success.
int cmpi_wait(int source, int *from, int *tag, int *size);
/// Receives the message `cmpi_poll`/`cmpi_wait` announced into `bytes` (`size` of them). 0 on success.
int cmpi_receive(void *bytes, int size, int source, int tag);
void cmpi_finish(void);
#endif
