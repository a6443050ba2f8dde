/**
 * Strongly connected components that are cycles (more than one node, or a node with an edge to itself),
 * found with an iterative Tarjan so that a 2,000-node chain cannot overflow the stack.
 * `successors` must only name nodes in `nodes`. Each cycle is listed in the order of `nodes`.
 */
export function findCycles(nodes: readonly string[], successors: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  nodes.forEach((node, i) => order.set(node, i));
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const next = successors.get(frame.node) ?? [];
      if (frame.next < next.length) {
        const child = next[frame.next++];
        if (child === undefined) continue;
        if (!index.has(child)) {
          index.set(child, counter);
          lowLink.set(child, counter);
          counter++;
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node) ?? 0, lowLink.get(frame.node) ?? 0));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (successors.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) {
          cycles.push(component.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
        }
      }
    }
  }
  return cycles.sort((a, b) => (order.get(a[0] ?? "") ?? 0) - (order.get(b[0] ?? "") ?? 0));
}
