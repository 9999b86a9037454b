import { test } from 'node:test';
import assert from 'node:assert/strict';
import { physicalWindow, slurpBoxes, swayWindows, type SwayTreeNode } from '../../main/capture/sway-windows.ts';

/** Two outputs (scales 2 and 1): a tiled split and a floating window on one, a hidden workspace's view, a view on the other. */
const tree: SwayTreeNode = {
  id: 1,
  type: 'root',
  nodes: [
    { id: 2, type: 'output', scale: 1, nodes: [{ id: 3, type: 'workspace', nodes: [] }] }, // __i3 scratch output
    {
      id: 10,
      type: 'output',
      scale: 2,
      rect: { x: 0, y: 0, width: 640, height: 360 },
      nodes: [
        {
          id: 11,
          type: 'workspace',
          nodes: [
            { id: 12, type: 'con', pid: 100, visible: true, rect: { x: 0, y: 25, width: 320, height: 335 } },
            { id: 13, type: 'con', pid: 101, visible: true, rect: { x: 320, y: 25, width: 320, height: 335 } },
          ],
          floating_nodes: [
            {
              id: 14,
              type: 'floating_con',
              pid: 102,
              visible: true,
              rect: { x: 100, y: 100, width: 200, height: 120 },
            },
            { id: 15, type: 'floating_con', pid: 103, visible: true, rect: { x: 150, y: 80, width: 90, height: 60 } },
          ],
        },
        {
          id: 16,
          type: 'workspace',
          nodes: [{ id: 17, type: 'con', pid: 104, visible: false, rect: { x: 0, y: 25, width: 640, height: 335 } }],
        },
      ],
    },
    {
      id: 20,
      type: 'output',
      scale: 1,
      nodes: [
        {
          id: 21,
          type: 'workspace',
          nodes: [
            { id: 22, type: 'con', pid: 105, visible: true, rect: { x: 640, y: 0, width: 1280, height: 720 } },
            { id: 23, type: 'con', pid: 106, visible: true, rect: { x: 640, y: 0, width: 0, height: 0 } },
          ],
        },
      ],
    },
  ],
};

test('visible views, topmost first (last floating on top, then tiled), with their output scale', () => {
  const windows = swayWindows(tree);
  assert.deepEqual(
    windows.map((w) => [w.id, w.scale]),
    [
      ['15', 2],
      ['14', 2],
      ['12', 2],
      ['13', 2],
      ['22', 1],
    ],
    'hidden workspace and zero-size views are left out',
  );
  assert.deepEqual(physicalWindow(windows[0]!), { id: '15', x: 300, y: 160, width: 180, height: 120 });
  assert.deepEqual(physicalWindow(windows[4]!), { id: '22', x: 640, y: 0, width: 1280, height: 720 });
});

test("slurp's boxes: one `X,Y WxH` line per window, in logical pixels", () => {
  assert.equal(slurpBoxes(swayWindows(tree).slice(0, 2)), '150,80 90x60\n100,100 200x120\n');
  assert.equal(slurpBoxes([]), '');
});
