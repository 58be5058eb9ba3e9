/* bench-parse.c */
int main (void) { return 0; }
