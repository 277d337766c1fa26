"""The Gradio web app: the patient chat page and the nurse review page."""
