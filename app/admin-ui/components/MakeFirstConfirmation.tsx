// Asked before a request larger than the shop can take is created: "Make the
// first N" is the way forward; making them all leaves the rest paused (never
// failed) until the budget or the store has room.
import { Modal, Text } from "@shopify/polaris";
import { plural } from "~/merchant-copy/format";
import type { OverLimit } from "../over-limit";

export function MakeFirstConfirmation(props: {
  open: boolean;
  asked: number;
  overLimit: OverLimit;
  onMakeFirst: () => void;
  onMakeAll: () => void;
  onClose: () => void;
}) {
  const { fit, reason } = props.overLimit;
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={`You asked for ${plural(props.asked, "video")}`}
      primaryAction={fit > 0 ? { content: `Make the first ${fit.toLocaleString("en-US")}`, onAction: props.onMakeFirst } : undefined}
      secondaryActions={[
        { content: `Make all ${props.asked.toLocaleString("en-US")}`, onAction: props.onMakeAll },
        { content: "Go back", onAction: props.onClose },
      ]}
    >
      <Modal.Section>
        <Text as="p">
          {reason}{" "}
          {fit > 0
            ? `Make the first ${fit.toLocaleString("en-US")} now, and start the rest later.`
            : "None can be made now: raise the budget in Settings, or make room in your store."}{" "}
          If you make them all, the rest wait as paused, nothing failed, until there is room.
        </Text>
      </Modal.Section>
    </Modal>
  );
}
