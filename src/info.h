/* info.h: `sonde --info`, the machine's BPF features (info.c). */
#ifndef SONDE_INFO_H
#define SONDE_INFO_H

#include <stdio.h>

/* Prints the system, the build (version) and what the kernel offers, probed now. */
void info_print(FILE *out, const char *version);

#endif
