/* a header with a syntax error on its third line */
struct broken {
	int a
	int b;
};
