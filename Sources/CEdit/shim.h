// Typed wrappers over libedit's variadic calls, which Swift cannot import, and over the C
// globals (stdin/stdout/stderr) that Swift 6 refuses as not concurrency-safe.
#ifndef CEDIT_SHIM_H
#define CEDIT_SHIM_H

#include <histedit.h>
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <signal.h>

/// libedit drops typed non-ASCII input without a UTF-8 LC_CTYPE; fall back to C.UTF-8.
static inline int cedit_setup_locale(void) {
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL || strcmp(cs, "UTF-8") != 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) return 0;
    }
    return 1;
}

static inline EditLine *cedit_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

static inline int cedit_set_prompt(EditLine *el, char *(*fn)(EditLine *)) {
    return el_set(el, EL_PROMPT, fn);
}

static inline int cedit_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int cedit_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

static inline int cedit_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int cedit_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *cedit_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int cedit_add_function(EditLine *el, const char *name, const char *help,
                                     unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int cedit_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}

static inline int cedit_source_default(EditLine *el) {
    return el_source(el, NULL);
}

static inline History *cedit_history_init(int size) {
    History *h = history_init();
    if (h == NULL) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

static inline int cedit_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

static inline int cedit_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

static inline int cedit_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

/// Display width of one scalar (a Hanzi is 2 columns); Swift's Glibc does not export wcwidth.
static inline int cedit_wcwidth(unsigned int scalar) {
    return wcwidth((wchar_t)scalar);
}

#include <unistd.h>
static inline FILE *cedit_stdout(void) { return stdout; }
static inline int cedit_is_tty(int fd) { return isatty(fd); }

/// A parent may start us with signals blocked (a test runner's thread does, and the mask is
/// inherited): start with none blocked, so SIGINT, SIGTERM and SIGHUP do what a user expects.
static inline void cedit_unblock_signals(void) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/// Ctrl-C sets a flag instead of killing the process. No SA_RESTART, so a blocked el_gets
/// returns NULL with EINTR and the REPL offers a fresh line.
static volatile sig_atomic_t cedit_sigint_flag = 0;
static void cedit_on_sigint(int sig) { (void)sig; cedit_sigint_flag = 1; }
static inline int cedit_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cedit_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    /* A parent may have started us with SIGINT blocked (a test runner's thread does): unblock
       it, or Ctrl-C during a query would never arrive. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    return sigaction(SIGINT, &sa, NULL);
}
static inline int cedit_sigint_pending(void) { return cedit_sigint_flag != 0; }
static inline int cedit_take_sigint(void) {
    int f = cedit_sigint_flag;
    cedit_sigint_flag = 0;
    return f;
}

#endif
