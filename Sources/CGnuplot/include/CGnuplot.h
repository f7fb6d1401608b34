#ifndef CGNUPLOT_H
#define CGNUPLOT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An open gnuplot process fed through gnuplot-iostream.
typedef struct cgp_session cgp_session;

/// Starts `gnuplot` (found on PATH) with its standard error sent to a temporary file.
/// Returns NULL when it cannot be started; `error` (of `error_size` bytes) then says why.
/// SIGPIPE is ignored from then on, so a dying gnuplot never kills the caller.
cgp_session *cgp_open(char *error, size_t error_size);

/// Sends gnuplot commands. Returns 0, or -1 when the pipe is broken.
int cgp_command(cgp_session *session, const char *text);

/// Sends `rows` × `columns` numbers (row-major) as one inline data block for a '-' in the
/// last plot command (gnuplot-iostream's send1d). Returns 0, or -1 when the pipe is broken.
int cgp_send1d(cgp_session *session, const double *values, size_t rows, size_t columns);

/// Sends a grid of `nx` × `ny` points with `columns` numbers each (row-major, x slowest) as one
/// inline data block with a blank line between scans (gnuplot-iostream's send2d).
int cgp_send2d(cgp_session *session, const double *values, size_t nx, size_t ny, size_t columns);

/// Closes the pipe, waits for gnuplot and frees the session. Returns gnuplot's exit status
/// (0 on success, 127 if it could not run, 128+n if killed by signal n). Whatever gnuplot
/// wrote to standard error is copied into `error` (truncated to `error_size`).
int cgp_close(cgp_session *session, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
