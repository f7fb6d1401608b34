// A thin C interface over gnuplot-iostream, so that Swift can drive gnuplot.
// gnuplot is spawned here (not through popen) so that its exit status and its error
// messages can be reported, and a broken pipe is an error code, never a SIGPIPE.

#include "CGnuplot.h"

#include <gnuplot-iostream.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

struct cgp_session {
    pid_t pid;
    int stderr_fd;
    Gnuplot *gp;
};

static void copy_message(char *dst, size_t size, const char *msg) {
    if (!dst || size == 0) return;
    std::snprintf(dst, size, "%s", msg);
}

extern "C" cgp_session *cgp_open(char *error, size_t error_size) {
    std::signal(SIGPIPE, SIG_IGN);
    // Close-on-exec: a gnuplot spawned for another figure (another thread, or one still open)
    // must not inherit this pipe's write end, or this gnuplot never sees the end of its input
    // and closing waits for it forever. Its own stdin and stderr are dup2'd, which clears the flag.
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        copy_message(error, error_size, std::strerror(errno));
        return nullptr;
    }
    char errpath[] = "/tmp/cgnuplot-stderr-XXXXXX";
    int errfd = mkostemp(errpath, O_CLOEXEC);
    if (errfd >= 0) unlink(errpath);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    if (errfd >= 0) posix_spawn_file_actions_adddup2(&actions, errfd, STDERR_FILENO);
    pid_t pid;
    char arg0[] = "gnuplot";
    char *argv[] = {arg0, nullptr};
    int rc = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[0]);
    if (rc != 0) {
        close(fds[1]);
        if (errfd >= 0) close(errfd);
        copy_message(error, error_size, rc == ENOENT ? "gnuplot is not installed (not found on PATH)" : std::strerror(rc));
        return nullptr;
    }
    FILE *fh = fdopen(fds[1], "w");
    if (!fh) {
        close(fds[1]);
        copy_message(error, error_size, std::strerror(errno));
        return nullptr;
    }
    cgp_session *s = new cgp_session{pid, errfd, nullptr};
    try {
        s->gp = new Gnuplot(fh);  // closes `fh` with fclose when deleted
    } catch (const std::exception &e) {
        copy_message(error, error_size, e.what());
        std::fclose(fh);
        delete s;
        return nullptr;
    }
    return s;
}

extern "C" int cgp_command(cgp_session *s, const char *text) {
    try {
        *s->gp << text;
        s->gp->flush();
    } catch (...) {
        return -1;
    }
    return s->gp->good() ? 0 : -1;
}

extern "C" int cgp_send1d(cgp_session *s, const double *values, size_t rows, size_t columns) {
    std::vector<std::vector<double>> data(rows, std::vector<double>(columns));
    for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < columns; ++j) data[i][j] = values[i * columns + j];
    try {
        s->gp->send1d(data);
        s->gp->flush();
    } catch (...) {
        return -1;
    }
    return s->gp->good() ? 0 : -1;
}

extern "C" int cgp_send2d(cgp_session *s, const double *values, size_t nx, size_t ny, size_t columns) {
    std::vector<std::vector<std::vector<double>>> grid(nx, std::vector<std::vector<double>>(ny, std::vector<double>(columns)));
    for (size_t i = 0; i < nx; ++i)
        for (size_t j = 0; j < ny; ++j)
            for (size_t k = 0; k < columns; ++k) grid[i][j][k] = values[(i * ny + j) * columns + k];
    try {
        s->gp->send2d(grid);
        s->gp->flush();
    } catch (...) {
        return -1;
    }
    return s->gp->good() ? 0 : -1;
}

extern "C" int cgp_close(cgp_session *s, char *error, size_t error_size) {
    // Deleting flushes and closes the pipe, so gnuplot sees the end of its input.
    // gnuplot-iostream prints "fclose returned error" when gnuplot has died; the exit status
    // below reports that, so silence the duplicate.
    std::streambuf *saved = std::cerr.rdbuf(nullptr);
    try {
        delete s->gp;
    } catch (...) {
    }
    std::cerr.rdbuf(saved);
    std::cerr.clear();
    int status = 0;
    int code;
    while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) code = 128 + WTERMSIG(status);
    else code = -1;
    if (error && error_size > 0) {
        error[0] = '\0';
        if (s->stderr_fd >= 0) {
            lseek(s->stderr_fd, 0, SEEK_SET);
            ssize_t n = read(s->stderr_fd, error, error_size - 1);
            error[n > 0 ? n : 0] = '\0';
        }
    }
    if (s->stderr_fd >= 0) close(s->stderr_fd);
    delete s;
    return code;
}
