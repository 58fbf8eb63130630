/*
 * modbtf: writes the BTF of two made-up kernel modules, as the kernel shows
 * a module's (/sys/kernel/btf/MODULE: split over vmlinux's, its own ids
 * numbered after vmlinux's last), for sonde to read through SONDE_MODULE_BTF
 * on a machine whose kernel has no modules.
 *
 *   modbtf DIR
 *
 * DIR/sonde_moda and DIR/sonde_modb each define struct sonde_rec (moda:
 * int a_first at 0, long a_second at 8; modb: int b_first, long b_second),
 * the function int sonde_fn(struct sonde_rec *rec, struct task_struct *task)
 * and the raw tracepoint sonde_ev(struct sonde_rec *rec). Both modules number
 * these alike: their ids overlap.
 */
#include "modbtf_write.h"

#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: modbtf DIR\n");
		return 2;
	}
	struct btf *base = btf__load_vmlinux_btf();
	if (!base) {
		fprintf(stderr, "modbtf: no vmlinux BTF\n");
		return 1;
	}
	int err = write_module(base, argv[1], "sonde_moda", "a_first", "a_second");
	if (!err)
		err = write_module(base, argv[1], "sonde_modb", "b_first", "b_second");
	btf__free(base);
	if (err)
		fprintf(stderr, "modbtf: cannot write %s: %s\n", argv[1], strerror(-err));
	return err ? 1 : 0;
}
