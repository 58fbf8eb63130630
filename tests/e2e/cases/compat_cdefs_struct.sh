desc "C struct definitions in a script: layout, char arrays, bitfields (read unsigned), typedef, enum, #define, a self-referencing list"
workload structs
prog <<'EOF2'
#include <linux/sched.h>
#define NAME_LEN (5 * 2)
struct Foo { int a; char b[NAME_LEN]; }
struct Bits { unsigned int a:4, b:8, c:3, d:1, e:16; };
struct Bar { short a:4, b:8, c:3, d:1; int e:9, f:15, g:1, h:2, i:5 }
typedef struct node { int value; struct node *next; } node_t;
enum color { RED, GREEN = 5, BLUE };
uprobe:{{PROGS}}/structs:sonde_pair { $f = (struct Foo *)arg0; $g = (struct Foo *)arg1; printf("%d %s %d %s\n", $f->a, $f->b, $g->a, $g->b); }
uprobe:{{PROGS}}/structs:sonde_bits { $b = (struct Bits *)arg0; printf("%d %d %d %d %d\n", $b->a, $b->b, $b->c, $b->d, $b->e); }
uprobe:{{PROGS}}/structs:sonde_bits2 { $b = (struct Bar *)arg0; printf("%d %d %d %d %d %d %d %d %d\n", $b->a, $b->b, $b->c, $b->d, $b->e, $b->f, $b->g, $b->h, $b->i); }
uprobe:{{PROGS}}/structs:sonde_list { $n = (node_t *)arg0; printf("%d %d %d\n", $n->value, $n->next->value, $n->next->next->value); }
uprobe:{{PROGS}}/structs:sonde_done {
	printf("%d %d %d %d %d %d\n", sizeof(struct Foo), sizeof(struct Bits), sizeof(struct Bar), sizeof(node_t), offsetof(node_t, next), BLUE);
	exit();
}
EOF2
expect <<'EOF2'
123 hello 456 world
1 2 5 0 65535
1 217 5 1 500 31117 1 2 27
1 2 3
16 4 8 16 8 6
EOF2
